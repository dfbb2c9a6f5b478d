import { describe, expect, it } from 'vitest';
import { AUDIT_REQUEST_SPACING_MS, AuditRecord, auditInterval, createdTime, pastGrace } from '../../src/mastodon/stream-audit.js';

describe('the REST audit of an open stream', () => {
  it('forgives one round with misses, reconnects after two in a row, and starts over after a clean round', () => {
    const record = new AuditRecord();
    expect(record.judge({ missed: 0 })).toEqual({ kind: 'healthy' });
    expect(record.judge({ missed: 3 })).toEqual({ kind: 'recovered', missed: 3 });
    expect(record.judge({ missed: 0 })).toEqual({ kind: 'healthy' });
    expect(record.judge({ missed: 1 })).toEqual({ kind: 'recovered', missed: 1 });
    expect(record.judge({ missed: 2 })).toEqual({ kind: 'reconnect', missed: 2, rounds: 2 });
    // After a reconnect the count starts again.
    expect(record.judge({ missed: 1 })).toEqual({ kind: 'recovered', missed: 1 });
  });

  it('holds against the stream only statuses older than the grace period', () => {
    const auditAt = Date.parse('2026-12-07T10:00:00.000Z');
    expect(pastGrace(createdTime('2026-12-07T09:59:50.000Z')!, auditAt, 10_000)).toBe(true);
    expect(pastGrace(createdTime('2026-12-07T09:59:55.000Z')!, auditAt, 10_000)).toBe(false);
    expect(createdTime('not a date')).toBeUndefined();
    expect(createdTime(undefined)).toBeUndefined();
  });

  it('stretches the pause between rounds so that many channels stay within the REST budget', () => {
    expect(auditInterval(30_000, 1)).toBe(30_000);
    expect(auditInterval(30_000, 50)).toBe(50 * AUDIT_REQUEST_SPACING_MS);
    // A third of Mastodon's 300 requests per 5 minutes, whatever the channel count.
    for (const channels of [1, 10, 50, 200]) expect((300_000 / auditInterval(30_000, channels)) * channels).toBeLessThanOrEqual(100);
  });
});
