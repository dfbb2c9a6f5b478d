import { afterEach, describe, expect, it } from 'vitest';
import type { PostsTopicRecord } from '@trendstream/contracts/status-events';
import { waitFor } from '@trendstream/testkit/wait-for';
import { InstanceSupervisor } from '../../src/mastodon/instance-supervisor.js';
import { PostSink } from '../../src/sources/post-sink.js';
import { StatusSink } from '../../src/mastodon/status-sink.js';
import { createIngestMetrics } from '../../src/metrics.js';
import { captureLogs } from '../support/log-capture.js';
import { startMastodonServer, type MastodonTestServer } from '@trendstream/testkit/mastodon-server';

describe('the read position of a polled instance', () => {
  let server: MastodonTestServer | undefined;
  let supervisor: InstanceSupervisor | undefined;
  afterEach(async () => {
    await supervisor?.stop();
    await server?.close();
  });

  it('is not advanced past a post the full queue dropped, and moves on once a poll has read it again', async () => {
    server = await startMastodonServer();
    const taken: PostsTopicRecord[] = [];
    const refuse = new Set<string>();
    const posts = new PostSink({
      output: {
        offer: (record) => {
          if (record.kind === 'post' && refuse.has(record.post.uri)) return false;
          taken.push(record);
          return true;
        },
      },
      dedupeCapacity: 1000,
      dedupeTtlMs: 60_000,
      now: Date.now,
    });
    const sink = new StatusSink({
      posts,
      skipOptedOut: true,
      dedupeCapacity: 1000,
      dedupeTtlMs: 60_000,
      now: Date.now,
    });
    supervisor = new InstanceSupervisor({
      target: { host: server.host, baseUrl: server.url, token: undefined },
      settings: {
        timeline: 'public',
        transport: 'poll',
        stallTimeoutMs: 1_500,
        backoff: { initialMs: 100, maxMs: 400 },
        pollIntervalMs: 100,
        requestTimeoutMs: 3_000,
        gapFillDelayMs: 100,
        gapFillMarginMs: 0,
        gapFillMaxPages: 5,
        maxHashtags: 10,
        auditIntervalMs: 0,
        auditGraceMs: 0,
      },
      sink,
      metrics: createIngestMetrics(),
      logger: captureLogs('warn').logger,
      now: Date.now,
    });
    const uris = () => taken.flatMap((record) => (record.kind === 'post' ? [record.post.uri] : []));
    const first = server.publish({ text: 'first' });
    void supervisor.start();
    await waitFor(() => supervisor?.cursorSnapshot().get('public') === first.id, { what: 'the first post read' });

    // The queue is full for the second post only: the third is taken, but the position stays before the second.
    const second = server.publish({ text: 'dropped by a full queue' });
    refuse.add(second.uri as string);
    const third = server.publish({ text: 'taken' });
    await waitFor(() => uris().includes(third.uri as string), { what: 'the third post taken' });
    const requestsThen = server.stats.rest.length;
    await waitFor(() => server!.stats.rest.length >= requestsThen + 2, { what: 'another poll after it' });
    expect(supervisor.cursorSnapshot().get('public')).toBe(first.id);

    // Room again: the next poll reads from the held position, takes the second post, and the position moves on.
    refuse.clear();
    await waitFor(() => uris().includes(second.uri as string), { what: 'the dropped post taken on a later poll' });
    await waitFor(() => supervisor?.cursorSnapshot().get('public') === third.id, { what: 'the position past the third post' });
    expect(uris().filter((uri) => uri === third.uri)).toHaveLength(1);
  }, 30_000);
});
