import { describe, expect, it } from 'vitest';
import { parseStartArgs } from '../../src/start-args.js';

const parse = (...argv: string[]) => parseStartArgs(argv, '/home/me', 10);

describe('npm start arguments', () => {
  it('runs the sample with none', () => {
    expect(parse()).toEqual({ ok: true, value: { help: false } });
  });

  it('replays a file of your own, shifted to now, at REPLAY_SPEED unless told', () => {
    expect(parse('--replay', 'posts.jsonl')).toEqual({
      ok: true,
      value: { help: false, replay: { file: '/home/me/posts.jsonl', args: ['--speed', '10', '--shift-to-now'] } },
    });
    expect(parse('--replay', '/data/p.jsonl.gz', '--max', '--loop')).toEqual({
      ok: true,
      value: { help: false, replay: { file: '/data/p.jsonl.gz', args: ['--max', '--loop', '--shift-to-now'] } },
    });
    expect(parse('--replay=p.jsonl', '--speed', '2.5')).toMatchObject({ ok: true, value: { replay: { args: ['--speed', '2.5', '--shift-to-now'] } } });
  });

  it('says what is wrong in one line', () => {
    expect(parse('--replay', 'p', '--speed', '2', '--max')).toEqual({ ok: false, message: '--speed and --max exclude each other: choose one' });
    expect(parse('--replay', 'p', '--speed', 'fast')).toEqual({ ok: false, message: '--speed must be a number greater than 0, got "fast"' });
    expect(parse('--speed', '3')).toEqual({ ok: false, message: "--speed needs --replay FILE (the bundled sample's speed is REPLAY_SPEED)" });
    expect(parse('--replay', ' ')).toEqual({ ok: false, message: '--replay needs a FILE: the path of a .jsonl or .jsonl.gz file' });
    const unknown = parse('--fast');
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.message).toMatch(/^Unknown option '--fast'/u);
    expect(parse('file.jsonl').ok).toBe(false);
  });

  it('shows help', () => {
    expect(parse('-h')).toEqual({ ok: true, value: { help: true } });
  });
});
