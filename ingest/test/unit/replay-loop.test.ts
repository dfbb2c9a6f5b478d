import { afterAll, describe, expect, it } from 'vitest';
import { uniqueName } from '@trendstream/testkit/names';
import { MALFORMED_REPORT_LIMIT, runReplay, type ReplayOptions } from '../../src/replay/replay-loop.js';
import { LOOP_GAP_MS } from '../../src/replay/pacing.js';
import { replayScratchDir, statusAt } from '../support/replay-files.js';
import { RecordingEvents, RecordingSink, VirtualClock } from '../support/replay-fakes.js';

const T0 = Date.UTC(2026, 2, 14, 19, 0, 0);
const WALL = Date.UTC(2026, 10, 25, 12, 0, 0);
const scratch = replayScratchDir();
afterAll(() => scratch.remove());

function setup(lines: readonly string[], options: Partial<ReplayOptions> = {}, sinkBehaviour = {}) {
  const clock = new VirtualClock(WALL);
  const sink = new RecordingSink(clock, sinkBehaviour);
  const events = new RecordingEvents();
  const stop = new AbortController();
  const file = scratch.file(`${uniqueName('replay')}.jsonl`, lines);
  const run = () =>
    runReplay({ file, pace: { mode: 'speed', speed: 1 }, loop: false, shiftToNow: false, ...options }, { sink, clock, events, signal: stop.signal });
  return { clock, sink, events, stop, run, file };
}

describe('runReplay pacing', () => {
  it('sends everything due in one batch and sleeps until the next due time, by created_at / speed', async () => {
    const offsets = [0, 0, 1_000, 1_000, 1_000, 5_000];
    const { sink, clock, run } = setup(
      offsets.map((offset, i) => statusAt(i, T0 + offset)),
      { pace: { mode: 'speed', speed: 2 } },
    );
    const summary = await run();
    expect(sink.batches.map((batch) => [batch.at - WALL, batch.posts.length])).toEqual([
      [0, 2],
      [500, 3],
      [2_500, 1],
    ]);
    expect(clock.sleeps).toEqual([500, 2_000]);
    expect(summary).toMatchObject({ linesRead: 6, postsProduced: 6, malformedLines: 0, passes: 1, interrupted: false, failure: null });
  });

  it('stamps receivedAt when a post is handed to the producer, not when its line was read', async () => {
    const { sink, run } = setup([statusAt(1, T0), statusAt(2, T0 + 3_000)]);
    await run();
    expect(sink.posts.map((post) => post.receivedAt - WALL)).toEqual([0, 3_000]);
  });

  it('sends posts older than the first one at once (files are in arrival order)', async () => {
    const { sink, clock, run } = setup([statusAt(1, T0), statusAt(2, T0 - 4_000), statusAt(3, T0 + 100)]);
    await run();
    expect(sink.batches.map((batch) => batch.posts.map((post) => post.statusId))).toEqual([['1', '2'], ['3']]);
    expect(clock.sleeps).toEqual([100]);
  });

  it('ignores created_at with --max and sends full batches', async () => {
    const lines = Array.from({ length: 12 }, (_, i) => statusAt(i, T0 + i * 60_000));
    const { sink, clock, run } = setup(lines, { pace: { mode: 'max' }, batchSize: 5 });
    await run();
    expect(sink.batches.map((batch) => batch.posts.length)).toEqual([5, 5, 2]);
    expect(clock.sleeps).toEqual([]);
  });

  it('with --max, keeps at most maxInFlight batches unacknowledged (backpressure)', async () => {
    const lines = Array.from({ length: 20 }, (_, i) => statusAt(i, T0 + i));
    const { sink, run } = setup(lines, { pace: { mode: 'max' }, batchSize: 2, maxInFlight: 2 }, { hold: true });
    const running = run();
    // Acknowledge one batch at a time until the replay finishes; it must never get ahead by more than 2.
    let finished = false;
    void running.then(() => (finished = true));
    for (let tries = 0; !finished && tries < 1_000; tries += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      expect(sink.inFlight).toBeLessThanOrEqual(2);
      sink.release();
    }
    const summary = await running;
    expect(sink.maxInFlight).toBe(2);
    expect(summary.postsProduced).toBe(20);
  });

  it('shifts created_at to now with --shift-to-now', async () => {
    const { sink, run } = setup([statusAt(1, T0), statusAt(2, T0 + 2_000)], { shiftToNow: true });
    await run();
    expect(sink.posts.map((post) => post.createdAt)).toEqual([WALL, WALL + 2_000]);
  });
});

describe('runReplay --loop', () => {
  it('plays the file again with times moved by its span and URIs unique per pass, until stopped', async () => {
    const { sink, stop, run } = setup([statusAt(1, T0), statusAt(2, T0 + 10_000)], { loop: true, pace: { mode: 'max' }, batchSize: 1 });
    const span = 10_000 + LOOP_GAP_MS;
    // Stop during the third pass, after its first post.
    const send = sink.send.bind(sink);
    sink.send = (posts) => {
      if (sink.posts.length + posts.length >= 5) stop.abort();
      return send(posts);
    };
    const summary = await run();
    const produced = sink.posts.map((post) => [post.uri.replace('https://replay.example/users/ana/statuses/', ''), post.createdAt - T0]);
    expect(produced.slice(0, 5)).toEqual([
      ['1', 0],
      ['2', 10_000],
      ['1#loop-1', span],
      ['2#loop-1', span + 10_000],
      ['1#loop-2', 2 * span],
    ]);
    expect(summary.interrupted).toBe(true);
    expect(summary.passes).toBe(3);
  });

  it('does not loop over a file without a single valid post', async () => {
    const { run } = setup(['not json'], { loop: true, pace: { mode: 'max' } });
    expect(await run()).toMatchObject({ passes: 1, postsProduced: 0, malformedLines: 1 });
  });
});

describe('runReplay malformed lines and failures', () => {
  it('reports each malformed line with its number and reason, once, and produces the rest', async () => {
    const lines = [statusAt(1, T0), '{oops', '', '[]', statusAt(2, T0), '{"id":"3"}', statusAt(4, T0)];
    const { sink, events, run } = setup(lines, { pace: { mode: 'max' } });
    const summary = await run();
    expect(events.malformedLines.map((line) => line.lineNumber)).toEqual([2, 4, 6]);
    expect(events.malformedLines[0]?.reason).toMatch(/^bad JSON/u);
    expect(events.malformedLines[1]?.reason).toMatch(/JSON object/u);
    expect(events.malformedLines[2]?.reason).toMatch(/not a Mastodon status/u);
    expect(summary).toMatchObject({ linesRead: 6, postsProduced: 3, malformedLines: 3 });
    expect(summary.malformed).toEqual(events.malformedLines);
    expect(sink.posts.map((post) => post.statusId)).toEqual(['1', '2', '4']);
  });

  it(`lists the first ${MALFORMED_REPORT_LIMIT} malformed lines and counts the rest`, async () => {
    const lines = Array.from({ length: MALFORMED_REPORT_LIMIT + 20 }, () => 'nope');
    const { events, run } = setup(lines, { pace: { mode: 'max' } });
    const summary = await run();
    expect(events.malformedLines).toHaveLength(MALFORMED_REPORT_LIMIT);
    expect(summary.malformedLines).toBe(MALFORMED_REPORT_LIMIT + 20);
  });

  it('stops at the first failed send and says so, producing nothing after it', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => statusAt(i, T0 + i));
    const { sink, run } = setup(lines, { pace: { mode: 'max' }, batchSize: 5, maxInFlight: 1 }, { failAfterBatches: 2 });
    const summary = await run();
    expect(summary.failure).toBe('producing to Kafka failed: broker said no');
    expect(summary.postsProduced).toBe(10);
    expect(sink.batches).toHaveLength(3);
  });

  it('when stopped, produces what it has read and returns a summary marked interrupted', async () => {
    const lines = Array.from({ length: 10 }, (_, i) => statusAt(i, T0 + i * 1_000));
    const { sink, stop, clock, run } = setup(lines);
    const sleep = clock.sleep.bind(clock);
    clock.sleep = (ms, signal) => {
      if (clock.sleeps.length === 3) stop.abort();
      return sleep(ms, signal);
    };
    const summary = await run();
    expect(summary.interrupted).toBe(true);
    expect(summary.postsProduced).toBe(sink.posts.length);
    expect(sink.posts.map((post) => post.statusId)).toEqual(['0', '1', '2', '3']);
  });

  it('reports progress with bytes read, and a final report at the end', async () => {
    const { events, run, file } = setup([statusAt(1, T0), statusAt(2, T0)], { pace: { mode: 'max' } });
    await run();
    const last = events.progressReports.at(-1);
    expect(last).toMatchObject({ linesRead: 2, postsProduced: 2, pass: 0 });
    expect(last?.bytesRead).toBe(last?.totalBytes);
    expect(file).toMatch(/\.jsonl$/u);
  });
});
