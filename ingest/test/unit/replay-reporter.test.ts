import { PassThrough } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createBarReporter, createLogReporter } from '../../src/replay/replay-reporter.js';
import type { ReplayProgress, ReplaySummary } from '../../src/replay/replay-summary.js';

const START = Date.UTC(2026, 10, 25, 12);

function progress(overrides: Partial<ReplayProgress> = {}): ReplayProgress {
  return {
    pass: 0,
    bytesRead: 50,
    totalBytes: 100,
    linesRead: 10,
    postsProduced: 8,
    malformedLines: 1,
    position: Date.UTC(2026, 2, 14, 19),
    startedAt: START,
    now: START + 2_000,
    ...overrides,
  };
}

const SUMMARY: ReplaySummary = {
  file: '/data/posts.jsonl.gz',
  linesRead: 30_002,
  postsProduced: 30_000,
  malformedLines: 2,
  malformed: [{ lineNumber: 7, reason: 'bad JSON: oops' }],
  passes: 1,
  durationMs: 2_000,
  postsPerSecond: 15_000,
  interrupted: false,
  failure: null,
};

function captureLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) =>
    lines.push(
      ...chunk
        .toString('utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    ),
  );
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('log reporter (no terminal)', () => {
  it('logs each malformed line with its number and reason, and says when it stops listing them', () => {
    const { logger, lines } = captureLogger();
    const reporter = createLogReporter(logger);
    reporter.malformed({ lineNumber: 7, reason: 'bad JSON: oops' }, false);
    reporter.malformed({ lineNumber: 9, reason: 'not a Mastodon status' }, true);
    expect(lines.map((line) => line.msg)).toEqual([
      'line 7: skipped, bad JSON: oops',
      'line 9: skipped, not a Mastodon status',
      'further malformed lines are counted in the summary but not listed',
    ]);
    expect(lines[0]).toMatchObject({ level: 40, line: 7, reason: 'bad JSON: oops' });
  });

  it('logs progress at most every five seconds, as one line with the figures', () => {
    const { logger, lines } = captureLogger();
    const reporter = createLogReporter(logger);
    for (let ms = 0; ms <= 12_000; ms += 500) reporter.progress(progress({ now: START + ms, postsProduced: ms }));
    expect(lines.map((line) => line.postsProduced)).toEqual([0, 5_000, 10_000]);
    expect(lines[1]).toMatchObject({
      percent: 50,
      pass: 1,
      postsPerSecond: 1_000,
      msg: 'replay: pass 1 50% read, 5000 posts produced, 1000 posts/s, at 2026-03-14T19:00:00.000Z',
    });
  });

  it('logs the summary, as an error when the replay failed', () => {
    const { logger, lines } = captureLogger();
    const reporter = createLogReporter(logger);
    reporter.finish(SUMMARY);
    reporter.finish({ ...SUMMARY, failure: 'producing to Kafka failed: broker said no' });
    expect(lines[0]).toMatchObject({ level: 30, postsProduced: 30_000, malformedLines: 2, postsPerSecond: 15_000 });
    expect(lines[0]?.msg).toBe(
      'replay done: /data/posts.jsonl.gz; lines read 30002, posts produced 30000, malformed lines skipped 2; duration 2.0 s, 15000 posts/s',
    );
    expect(lines[1]).toMatchObject({ level: 50 });
    expect(lines[1]?.msg).toMatch(/^replay failed: \/data\/posts\.jsonl\.gz \(producing to Kafka failed: broker said no\); lines read/u);
  });
});

describe('bar reporter (terminal)', () => {
  it('draws a bar, prints malformed lines above it and the summary below', () => {
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 200 }) as unknown as NodeJS.WriteStream;
    let output = '';
    (stream as unknown as PassThrough).on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const reporter = createBarReporter(stream);
    reporter.progress(progress());
    reporter.malformed({ lineNumber: 7, reason: 'bad JSON: oops' }, false);
    reporter.progress(progress({ bytesRead: 100, postsProduced: 30_000 }));
    reporter.finish(SUMMARY);
    const plain = output.replace(/\x1b\[[0-9;?]*[A-Za-z]/gu, '\n'); // eslint-disable-line no-control-regex
    expect(plain).toContain('line 7: skipped, bad JSON: oops');
    expect(plain).toMatch(/replay \|█+\| 100% \| pass 1 \| 30000 posts \| 15000 posts\/s \| 1 malformed \| at 2026-03-14T19:00:00.000Z/u);
    expect(plain).toContain(
      'replay done: /data/posts.jsonl.gz\n  lines read 30002, posts produced 30000, malformed lines skipped 2\n  duration 2.0 s, 15000 posts/s',
    );
  });
});
