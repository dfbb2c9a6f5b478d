import { describe, expect, it } from 'vitest';
import { parseDuration, parseGenerateArgs } from '../src/generate-sample-args.js';
import { SAMPLE_DEFAULTS } from '../src/sample-plan.js';

describe('sample:generate command line', () => {
  it('reads durations', () => {
    expect(parseDuration('60m')).toBe(3_600_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1500ms')).toBe(1_500);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('60')).toBeNull();
    expect(parseDuration('0m')).toBeNull();
    expect(parseDuration('soon')).toBeNull();
  });

  it('defaults to the committed sample plan and resolves --out against the directory npm was run in', () => {
    expect(parseGenerateArgs(['--out', 'big.jsonl.gz'], '/work')).toEqual({
      ok: true,
      help: false,
      args: {
        out: '/work/big.jsonl.gz',
        count: SAMPLE_DEFAULTS.count,
        spanMs: SAMPLE_DEFAULTS.spanMs,
        seed: SAMPLE_DEFAULTS.seed,
        startMs: Date.parse(SAMPLE_DEFAULTS.start),
      },
    });
    expect(
      parseGenerateArgs(['--out', '/x.jsonl', '--count', '200000', '--span', '2h', '--seed', 's', '--start', '2026-01-01T00:00:00Z'], '/work'),
    ).toMatchObject({
      ok: true,
      args: { out: '/x.jsonl', count: 200_000, spanMs: 7_200_000, seed: 's', startMs: Date.UTC(2026, 0, 1) },
    });
  });

  it.each([
    [[], /missing --out/u],
    [['--out', 'x.jsonl', '--count', '0'], /--count/u],
    [['--out', 'x.jsonl', '--count', '1e3.5'], /--count/u],
    [['--out', 'x.jsonl', '--span', '60'], /--span must look like/u],
    [['--out', 'x.jsonl', '--start', 'yesterday'], /--start must be an ISO 8601 date/u],
    [['--out', 'x.jsonl', 'extra'], /Unexpected argument/u],
  ])('rejects %j with one clear line', (argv, message) => {
    const result = parseGenerateArgs(argv, '/work');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
