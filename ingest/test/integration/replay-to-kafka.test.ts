import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { DecodedPost, Post } from '@trendstream/contracts/post';
import { topicNames } from '@trendstream/contracts/topics';
import { parseReplayLine } from '@trendstream/contracts/replay-line';
import { SAMPLE_PATH } from '@trendstream/testkit/repo';
import { replayToKafka } from '../../src/replay/replay-to-kafka.js';
import { replayScratchDir, someStatuses } from '../support/replay-files.js';
import { RecordingEvents } from '../support/replay-fakes.js';
import { readWholeTopic, replayTestKafka } from '../support/replay-kafka.js';

const quiet = pino({ level: 'silent' });
const scratch = replayScratchDir();
afterAll(() => scratch.remove());

/** A post as the file says it should land: everything but receivedAt, which is the time of producing. */
function identity(post: DecodedPost): string {
  const { receivedAt: _receivedAt, ...rest } = post;
  return JSON.stringify(rest);
}

function expectedPosts(lines: readonly string[]): Post[] {
  return lines.flatMap((line) => {
    const parsed = parseReplayLine(line, 0);
    return parsed.ok ? [parsed.post] : [];
  });
}

async function replayMax(file: string) {
  const kafka = replayTestKafka();
  const events = new RecordingEvents();
  const startedAt = Date.now();
  const summary = await replayToKafka(
    { file, pace: { mode: 'max' }, loop: false, shiftToNow: false },
    { config: kafka, logger: quiet, events, signal: new AbortController().signal },
  );
  const messages = await readWholeTopic(topicNames(kafka.topicPrefix).posts);
  return { summary, events, messages, startedAt, finishedAt: Date.now() };
}

describe('replay into Kafka (real broker)', () => {
  it('lands every valid line of the committed sample exactly once, keyed by URI', { timeout: 120_000 }, async () => {
    const lines = gunzipSync(readFileSync(SAMPLE_PATH))
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
    const expected = expectedPosts(lines);
    expect(expected).toHaveLength(lines.length);

    const { summary, messages, startedAt, finishedAt } = await replayMax(SAMPLE_PATH);

    expect(summary).toMatchObject({ linesRead: lines.length, postsProduced: lines.length, malformedLines: 0, failure: null });
    expect(messages).toHaveLength(expected.length);
    for (const message of messages) {
      expect(message.key).toBe(message.post.uri);
      expect(message.post.source).toBe('replay');
      expect(message.post.receivedAt).toBeGreaterThanOrEqual(startedAt);
      expect(message.post.receivedAt).toBeLessThanOrEqual(finishedAt);
    }
    // The same multiset: each line (by uri + statusId, and every other field) as often as in the file.
    const byUriAndId = (posts: readonly DecodedPost[]) => posts.map((post) => `${post.uri} ${post.statusId}`).sort();
    expect(byUriAndId(messages.map((message) => message.post))).toEqual(byUriAndId(expected));
    expect(messages.map((message) => identity(message.post)).sort()).toEqual(expected.map(identity).sort());
    // Keyed by URI: every copy of a post is in one partition.
    const partitionOf = new Map<string, number>();
    for (const { post, partition } of messages) {
      expect(partitionOf.get(post.uri) ?? partition).toBe(partition);
      partitionOf.set(post.uri, partition);
    }
  });

  it('lands every valid line of a file with malformed lines, and reports the bad line numbers', { timeout: 60_000 }, async () => {
    const valid = someStatuses(40).map((status) => JSON.stringify(status));
    const lines = [
      ...valid.slice(0, 10),
      '{"id": "1", "uri": ', // 11: cut off mid-line
      ...valid.slice(10, 20),
      '', // 22: blank, not malformed
      '["an", "array"]', // 23
      ...valid.slice(20, 30),
      JSON.stringify({ ...JSON.parse(valid[0]!), created_at: 'not a date' }), // 34
      ...valid.slice(30),
      '{"hello": "world"}', // 45
    ];
    const file = scratch.file('with-malformed.jsonl.gz', lines, { gzip: true });

    const { summary, events, messages } = await replayMax(file);

    expect(summary.malformed.map((line) => line.lineNumber)).toEqual([11, 23, 34, 45]);
    expect(events.malformedLines.map((line) => line.lineNumber)).toEqual([11, 23, 34, 45]);
    expect(summary.malformed[0]?.reason).toMatch(/^bad JSON/u);
    expect(summary.malformed[2]?.reason).toMatch(/created_at/u);
    expect(summary).toMatchObject({ linesRead: 44, postsProduced: 40, malformedLines: 4, failure: null });
    expect(messages.map((message) => identity(message.post)).sort()).toEqual(expectedPosts(valid).map(identity).sort());
  });
});
