import { describe, expect, it } from 'vitest';
import type { InstanceHealth } from '@trendstream/contracts/api-types';
import { judgeSourceReport, judgeSourceReports } from '../../src/health/source-staleness.js';

const STALE_AFTER_MS = 90_000;
const reportedAt = Date.parse('2026-01-01T12:00:00.000Z');
const report = (state: InstanceHealth['state'], extra: Partial<InstanceHealth> = {}): InstanceHealth => ({
  instance: 'mastodon.example',
  state,
  updatedAt: new Date(reportedAt).toISOString(),
  ...extra,
});

describe('a source report', () => {
  it('is fresh, with its age, up to the threshold', () => {
    expect(judgeSourceReport(report('streaming', { postsPerSecond: 4 }), reportedAt + 12_340, STALE_AFTER_MS)).toEqual({
      ...report('streaming', { postsPerSecond: 4 }),
      stale: false,
      reportAgeSeconds: 12.3,
    });
    expect(judgeSourceReport(report('streaming'), reportedAt + STALE_AFTER_MS, STALE_AFTER_MS).stale).toBe(false);
  });

  it('is stale once older than the threshold, whatever state it last gave', () => {
    for (const state of ['starting', 'streaming', 'polling', 'backing-off', 'unauthorized', 'disabled'] as const) {
      expect(judgeSourceReport(report(state), reportedAt + STALE_AFTER_MS + 1, STALE_AFTER_MS)).toMatchObject({ state, stale: true, reportAgeSeconds: 90 });
    }
  });

  it('that says stopped is never stale: no report is due after it, but its age is served', () => {
    expect(judgeSourceReport(report('stopped'), reportedAt + 3_600_000, STALE_AFTER_MS)).toMatchObject({ stale: false, reportAgeSeconds: 3600 });
    expect(judgeSourceReport(report('stopped', { detail: 'failed: boom' }), reportedAt + 3_600_000, STALE_AFTER_MS).stale).toBe(false);
  });

  it('from an ingest whose clock is ahead has age 0, not a negative one', () => {
    expect(judgeSourceReport(report('streaming'), reportedAt - 5_000, STALE_AFTER_MS)).toMatchObject({ stale: false, reportAgeSeconds: 0 });
  });

  it('without a readable time is stale and has no age', () => {
    const judged = judgeSourceReport(report('streaming', { updatedAt: 'yesterday' }), reportedAt, STALE_AFTER_MS);
    expect(judged.stale).toBe(true);
    expect(judged).not.toHaveProperty('reportAgeSeconds');
    expect(judgeSourceReport(report('stopped', { updatedAt: '' }), reportedAt, STALE_AFTER_MS).stale).toBe(false);
  });

  it('keeps nothing the record itself said about staleness', () => {
    const claimed = report('streaming', { stale: false, reportAgeSeconds: 1 });
    expect(judgeSourceReport(claimed, reportedAt + 100_000, STALE_AFTER_MS)).toMatchObject({ stale: true, reportAgeSeconds: 100 });
    const unreadable = judgeSourceReport({ ...claimed, updatedAt: 'never' }, reportedAt, STALE_AFTER_MS);
    expect(unreadable).not.toHaveProperty('reportAgeSeconds');
  });
});

describe('all source reports', () => {
  it('say whether any is stale, in their order', () => {
    const fresh = report('streaming', { instance: 'a.example', updatedAt: new Date(reportedAt + 60_000).toISOString() });
    const old = report('polling', { instance: 'b.example' });
    const stopped = report('stopped', { instance: 'c.example' });
    const now = reportedAt + 100_000;
    const judged = judgeSourceReports([fresh, old, stopped], now, STALE_AFTER_MS);
    expect(judged.instances.map((instance) => [instance.instance, instance.stale])).toEqual([
      ['a.example', false],
      ['b.example', true],
      ['c.example', false],
    ]);
    expect(judged.anyStale).toBe(true);
    expect(judgeSourceReports([fresh, stopped], now, STALE_AFTER_MS).anyStale).toBe(false);
    expect(judgeSourceReports([], now, STALE_AFTER_MS).anyStale).toBe(false);
  });
});
