import { describe, expect, it } from 'vitest';
import { parseReplayArgs } from '../../src/replay/replay-args.js';

const CWD = '/home/ana/trendstream/ingest';

describe('replay command line', () => {
  it('defaults to --speed 1 and resolves FILE against the directory npm was run in', () => {
    expect(parseReplayArgs(['sample/sample-posts.jsonl.gz'], CWD)).toEqual({
      ok: true,
      help: false,
      args: { file: '/home/ana/trendstream/ingest/sample/sample-posts.jsonl.gz', pace: { mode: 'speed', speed: 1 }, loop: false, shiftToNow: false },
    });
  });

  it('accepts --speed N, --loop and --shift-to-now in any order, and absolute paths', () => {
    expect(parseReplayArgs(['--loop', '/data/posts.jsonl', '--speed', '60', '--shift-to-now'], CWD)).toMatchObject({
      ok: true,
      args: { file: '/data/posts.jsonl', pace: { mode: 'speed', speed: 60 }, loop: true, shiftToNow: true },
    });
    expect(parseReplayArgs(['f.jsonl', '--speed=0.5'], CWD)).toMatchObject({ args: { pace: { mode: 'speed', speed: 0.5 } } });
  });

  it('accepts --max', () => {
    expect(parseReplayArgs(['f.jsonl', '--max'], CWD)).toMatchObject({ ok: true, args: { pace: { mode: 'max' } } });
  });

  it('asks for help', () => {
    expect(parseReplayArgs(['--help'], CWD)).toEqual({ ok: true, help: true });
    expect(parseReplayArgs(['-h'], CWD)).toEqual({ ok: true, help: true });
  });

  it.each([
    [[], /missing FILE/u],
    [['a.jsonl', 'b.jsonl'], /expected one FILE, got 2/u],
    [['a.jsonl', '--speed', '60', '--max'], /exclude each other/u],
    [['a.jsonl', '--speed', 'fast'], /--speed must be a number greater than 0, got "fast"/u],
    [['a.jsonl', '--speed', '0'], /greater than 0/u],
    [['a.jsonl', '--speed', '-2'], /--speed/u],
    [['a.jsonl', '--speed'], /--speed/u],
    [['a.jsonl', '--fast'], /Unknown option '--fast'/u],
  ])('rejects %j with one clear line', (argv, message) => {
    const result = parseReplayArgs(argv, CWD);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(message);
      expect(result.message).not.toContain('\n');
    }
  });
});
