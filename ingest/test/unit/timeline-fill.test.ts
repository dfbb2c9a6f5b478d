import { describe, expect, it } from 'vitest';
import { ReadPositions } from '../../src/mastodon/read-positions.js';
import { MastodonRestClient } from '../../src/mastodon/rest-client.js';
import { cursorWithMargin, snowflakeAt } from '../../src/mastodon/status-id.js';
import { gapFillStart, TimelineFill } from '../../src/mastodon/timeline-fill.js';
import { createIngestMetrics } from '../../src/metrics.js';
import { captureLogs } from '../support/log-capture.js';

describe('where a new subscription of a channel starts reading', () => {
  const now = Date.parse('2026-12-07T10:00:00.000Z');

  it('fills the gap from the position, less the margin', () => {
    const position = snowflakeAt(now - 60_000);
    expect(gapFillStart(position, now, 5_000)).toEqual({ kind: 'fill', minId: cursorWithMargin(position, 5_000) });
    expect(gapFillStart('abc', now, 5_000)).toEqual({ kind: 'fill', minId: 'abc' });
  });

  it('gives a channel that has seen no post a position at the moment it was subscribed, without margin', () => {
    expect(gapFillStart(undefined, now, 5_000)).toEqual({ kind: 'position', id: snowflakeAt(now) });
  });
});

describe('the fill chain', () => {
  function fillWithClock() {
    const now = Date.parse('2026-12-07T10:00:00.000Z');
    const cursors = new ReadPositions();
    const fill = new TimelineFill({
      host: 'm.example',
      metrics: createIngestMetrics(),
      logger: captureLogs().logger,
      now: () => now,
      rest: new MastodonRestClient({ baseUrl: 'http://127.0.0.1:9', token: undefined, timeoutMs: 100, now: () => now }),
      cursors,
      intake: { onRestPage: () => 0 },
      settings: { gapFillDelayMs: 0, gapFillMarginMs: 5_000, gapFillMaxPages: 1 },
    });
    return { fill, cursors, now };
  }

  it('runs one task after the other, with its settled callback right after it', async () => {
    const { fill } = fillWithClock();
    const order: string[] = [];
    let release = (): void => {};
    fill.enqueue(() => new Promise<void>((resolve) => (release = () => (order.push('first'), resolve()))));
    fill.enqueue(
      () => {
        order.push('second');
        return undefined;
      },
      () => order.push('second settled'),
    );
    await Promise.resolve();
    expect(order).toEqual([]);
    release();
    await fill.idle();
    expect(order).toEqual(['first', 'second', 'second settled']);
  });

  it('gives a channel subscribed without a position one from now, and queues no read for it', async () => {
    const { fill, cursors, now } = fillWithClock();
    const stop = new AbortController();
    fill.afterSubscribe({ kind: 'hashtag', tag: 'quiet' }, stop.signal);
    expect(cursors.get('hashtag:quiet')).toBe(snowflakeAt(now));
    await fill.idle();
  });
});
