import { describe, expect, it } from 'vitest';
import { AWAITED_CAPACITY, AwaitedStatuses } from '../../src/mastodon/stream-audit-awaited.js';

const GRACE = 10_000;
const T0 = Date.parse('2026-12-07T10:00:00.000Z');

describe('the statuses an audit produced young, awaited from the stream', () => {
  it('hold nothing against the stream for a status it delivers afterwards', () => {
    const awaited = new AwaitedStatuses();
    awaited.follow('1', T0);
    awaited.delivered('1');
    expect(awaited.takeOverdue(T0 + 60_000, GRACE)).toBe(0);
    expect(awaited.size).toBe(0);
  });

  it('count a status the stream never delivers once, at the first round past the grace period', () => {
    const awaited = new AwaitedStatuses();
    awaited.follow('1', T0);
    awaited.follow('2', T0 + 5_000);
    // A round while both are still young: nothing yet.
    expect(awaited.takeOverdue(T0 + GRACE - 1, GRACE)).toBe(0);
    expect(awaited.takeOverdue(T0 + GRACE, GRACE)).toBe(1);
    expect(awaited.takeOverdue(T0 + GRACE + 5_000, GRACE)).toBe(1);
    // Counted once: later rounds find nothing more, and the stream's late copy changes nothing.
    awaited.delivered('1');
    expect(awaited.takeOverdue(T0 + 120_000, GRACE)).toBe(0);
    expect(awaited.size).toBe(0);
  });

  it('follow at most their capacity, and forget everything when cleared', () => {
    const awaited = new AwaitedStatuses(3);
    for (const id of ['1', '2', '3', '4', '5']) awaited.follow(id, T0);
    expect(awaited.size).toBe(3);
    // Room again once the stream delivers one.
    awaited.delivered('2');
    awaited.follow('6', T0);
    expect(awaited.takeOverdue(T0 + GRACE, GRACE)).toBe(3);
    for (const id of ['7', '8']) awaited.follow(id, T0);
    awaited.clear();
    expect(awaited.takeOverdue(T0 + GRACE, GRACE)).toBe(0);
  });

  it('stay bounded by default, however many young statuses audits find', () => {
    const awaited = new AwaitedStatuses();
    for (let id = 0; id < AWAITED_CAPACITY + 500; id++) awaited.follow(String(id), T0);
    expect(awaited.size).toBe(AWAITED_CAPACITY);
  });
});
