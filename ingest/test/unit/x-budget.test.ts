import { describe, expect, it } from 'vitest';
import { DailyBudget, nextUtcMidnight, utcDay } from '../../src/x/x-budget.js';

const at = (iso: string) => Date.parse(iso);

describe('the daily X budget', () => {
  it('lets the day’s posts through up to the limit, counting every post delivered, also those past it', () => {
    const budget = new DailyBudget(3);
    const now = at('2026-12-07T10:00:00Z');
    expect([budget.take(now), budget.take(now), budget.exhausted(now), budget.take(now), budget.exhausted(now)]).toEqual([true, true, false, true, true]);
    expect(budget.take(now)).toBe(false);
    expect(budget.usedOn(now)).toBe(4);
  });

  it('starts again at 00:00 UTC, whatever the local time zone', () => {
    const budget = new DailyBudget(1);
    budget.take(at('2026-12-07T23:59:59.999Z'));
    expect(budget.exhausted(at('2026-12-07T23:59:59.999Z'))).toBe(true);
    expect(budget.exhausted(at('2026-12-08T00:00:00.000Z'))).toBe(false);
    expect(budget.usedOn(at('2026-12-08T00:00:00.000Z'))).toBe(0);
    expect(utcDay(at('2026-12-08T00:30:00+02:00'))).toBe('2026-12-07');
    expect(nextUtcMidnight(at('2026-12-07T10:00:00Z'))).toBe(at('2026-12-08T00:00:00Z'));
    expect(nextUtcMidnight(at('2026-12-08T00:00:00Z'))).toBe(at('2026-12-09T00:00:00Z'));
  });

  it('is saved as today’s count and restored from it on the same day only', () => {
    const now = at('2026-12-07T10:00:00Z');
    const budget = new DailyBudget(100);
    expect(budget.snapshot(now)).toBeUndefined();
    budget.take(now);
    budget.take(now);
    expect(budget.snapshot(now)).toEqual(['budget:2026-12-07', '2']);

    const restarted = new DailyBudget(100);
    expect(restarted.restore('budget:2026-12-06', '99', now)).toBe(false);
    expect(restarted.restore('budget:2026-12-07', 'many', now)).toBe(false);
    expect(restarted.restore('jetstream', '5', now)).toBe(false);
    expect(restarted.restore('budget:2026-12-07', '99', now)).toBe(true);
    expect(restarted.take(now)).toBe(true);
    expect(restarted.exhausted(now)).toBe(true);
    expect(restarted.usedOn(at('2026-12-08T00:00:01Z'))).toBe(0);
  });
});
