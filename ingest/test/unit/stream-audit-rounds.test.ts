import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Channel } from '../../src/mastodon/channel.js';
import { ReadPositions } from '../../src/mastodon/read-positions.js';
import { StreamAudits } from '../../src/mastodon/stream-audit-rounds.js';
import { AUDIT_REQUEST_SPACING_MS } from '../../src/mastodon/stream-audit.js';
import { createIngestMetrics } from '../../src/metrics.js';
import { captureLogs } from '../support/log-capture.js';

const INTERVAL = 30_000;

afterEach(() => {
  vi.useRealTimers();
});

/**
 * Audits over a fake REST side: each round, every channel with a position "misses" what `misses` says (a
 * `fail` entry makes its read fail), and what earlier rounds produced young comes to what `overdue` says.
 */
function audits(channels: Channel[], misses: (number | 'fail')[], auditIntervalMs = INTERVAL, overdue: number[] = []) {
  vi.useFakeTimers();
  const { logger, lines } = captureLogs('info');
  const metrics = createIngestMetrics();
  const cursors = new ReadPositions();
  cursors.resume('public', '100');
  const reads: { channel: Channel; from: string; auditStartedAt: number | undefined }[] = [];
  const overdueAt: number[] = [];
  let chain: Promise<void> = Promise.resolve();
  const audits = new StreamAudits({
    host: 'm.example',
    metrics,
    logger,
    now: Date.now,
    cursors,
    channels: () => channels,
    auditIntervalMs,
    fill: {
      enqueue: (task, settled) => {
        chain = chain.then(task).finally(settled);
      },
      readForward: (channel, from, _started, _signal, auditStartedAt) => {
        reads.push({ channel, from, auditStartedAt });
        const missed = misses.shift() ?? 0;
        return missed === 'fail' ? Promise.reject(new Error('503 Service Unavailable')) : Promise.resolve(missed);
      },
    },
    intake: {
      takeOverdue: (auditStartedAt) => {
        overdueAt.push(auditStartedAt);
        return overdue.shift() ?? 0;
      },
    },
  });
  const abandoned: string[] = [];
  const session = { abandon: (detail: string) => abandoned.push(detail) };
  return { audits, session, reads, overdueAt, lines, abandoned, metrics, settle: () => chain };
}

describe('the audit rounds of an open stream', () => {
  it('read every channel that has a position from it, once per interval, on the fill chain', async () => {
    const { audits: running, session, reads, settle } = audits([{ kind: 'public' }, { kind: 'hashtag', tag: 'quiet' }], []);
    const scope = new AbortController();
    const stop = running.start(session, scope.signal);
    await vi.advanceTimersByTimeAsync(INTERVAL - 1);
    expect(reads).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(reads).toEqual([{ channel: { kind: 'public' }, from: '100', auditStartedAt: Date.now() }]);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    await settle();
    expect(reads).toHaveLength(2);
    stop();
    scope.abort();
    await vi.advanceTimersByTimeAsync(10 * INTERVAL);
    expect(reads).toHaveLength(2);
  });

  it('forgive one round with misses (counted, one warning) and end the session after two in a row', async () => {
    const { audits: running, session, lines, abandoned, metrics, settle } = audits([{ kind: 'public' }], [0, 2, 3]);
    running.start(session, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    await settle();
    expect(lines).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    await settle();
    expect(lines.map((line) => line.msg)).toEqual(['m.example: the stream had not delivered 2 status(es) the REST timeline holds; produced them from REST']);
    expect(abandoned).toEqual([]);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    await settle();
    expect(abandoned).toEqual(['the stream missed 3 status(es) in 2 audits in a row (open but not delivering)']);
    expect((await metrics.auditMissed.get()).values[0]?.value).toBe(5);
  });

  it('count what earlier rounds produced young and the stream never delivered as misses of the round past the grace period', async () => {
    const { audits: running, session, reads, overdueAt, abandoned, metrics, settle } = audits([{ kind: 'public' }], [], INTERVAL, [0, 1, 2]);
    running.start(session, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    await settle();
    expect(overdueAt).toEqual([reads[0]?.auditStartedAt]);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    await settle();
    expect(abandoned).toEqual([]);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    await settle();
    // No status older than the grace period in any read: the two rounds with overdue ones end the session.
    expect(abandoned).toEqual(['the stream missed 2 status(es) in 2 audits in a row (open but not delivering)']);
    expect((await metrics.auditMissed.get()).values[0]?.value).toBe(3);
  });

  it('leave what earlier rounds produced young to the next round when a read fails', async () => {
    const { audits: running, session, overdueAt, lines, settle } = audits([{ kind: 'public' }], ['fail', 0]);
    running.start(session, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    await settle();
    expect(lines.map((line) => line.msg)).toEqual(['m.example: audit of the stream over REST failed: 503 Service Unavailable']);
    expect(overdueAt).toEqual([]);
    await vi.advanceTimersByTimeAsync(INTERVAL);
    await settle();
    expect(overdueAt).toHaveLength(1);
  });

  it('wait longer between rounds with many channels, so they stay within a third of the REST budget', async () => {
    const many = Array.from({ length: 20 }, (_, index): Channel => ({ kind: 'hashtag', tag: `t${index}` }));
    const { audits: running, session, reads, settle } = audits([{ kind: 'public' }, ...many], []);
    running.start(session, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(21 * AUDIT_REQUEST_SPACING_MS - 1);
    expect(reads).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(reads).toHaveLength(1);
  });

  it('do not run when turned off', async () => {
    const { audits: off, session, reads } = audits([{ kind: 'public' }], [], 0);
    off.start(session, new AbortController().signal);
    await vi.advanceTimersByTimeAsync(100 * INTERVAL);
    expect(reads).toHaveLength(0);
  });
});
