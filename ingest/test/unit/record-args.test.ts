import { describe, expect, it } from 'vitest';
import { parseDuration, parseRecordArgs } from '../../src/record/record-args.js';

describe('record arguments', () => {
  it.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h30m', 5_400_000],
    ['45', 45_000],
    ['250ms', 250],
  ])('reads the duration %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['10 minutes', 'm', '1h-5m', ''])('rejects the duration "%s"', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('reads a file, a duration, tags and --force', () => {
    expect(parseRecordArgs(['out.jsonl.gz', '--duration', '10m', '--tag', '#Kafka', '--tag', 'kafka', '--force'])).toEqual({
      ok: true,
      value: { file: 'out.jsonl.gz', durationMs: 600_000, tags: ['kafka'], force: true },
    });
  });

  it.each([
    [[], 'FILE is missing'],
    [['a', 'b'], 'one FILE only'],
    [['a', '--duration'], '--duration needs a value'],
    [['a', '--duration', 'soon'], 'is not a duration'],
    [['a', '--tag', 'c++'], 'is not a valid hashtag'],
    [['a', '--speed', '2'], 'unknown option --speed'],
  ])('explains what is wrong with %j', (argv, message) => {
    const parsed = parseRecordArgs(argv);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toContain(message);
  });
});
