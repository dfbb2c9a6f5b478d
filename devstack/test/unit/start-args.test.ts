import { describe, expect, it } from 'vitest';
import { parseStartArgs } from '../../src/start-args.js';

const parse = (...argv: string[]) => parseStartArgs(argv, { cwd: '/home/me', replaySpeed: 10, mastodonInstances: undefined });
const withMastodon = (...argv: string[]) => parseStartArgs(argv, { cwd: '/home/me', replaySpeed: 10, mastodonInstances: 'fosstodon.org' });

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

  it('streams Bluesky live with --live bluesky, and Mastodon only when MASTODON_INSTANCES is set', () => {
    expect(parse('--live', 'bluesky')).toEqual({ ok: true, value: { help: false, live: ['bluesky'] } });
    expect(parse('--live=Bluesky')).toEqual({ ok: true, value: { help: false, live: ['bluesky'] } });
    expect(withMastodon('--live', 'mastodon')).toEqual({ ok: true, value: { help: false, live: ['mastodon'] } });
    expect(withMastodon('--live', 'mastodon', '--live', 'bluesky', '--live', 'mastodon')).toEqual({
      ok: true,
      value: { help: false, live: ['mastodon', 'bluesky'] },
    });
    expect(parse('--live', 'mastodon')).toEqual({
      ok: false,
      message:
        '--live mastodon needs MASTODON_INSTANCES set (in the environment or .env), e.g. MASTODON_INSTANCES=fosstodon.org with a MASTODON_ACCESS_TOKEN (README "Live mode"); --live bluesky needs no account',
    });
  });

  it('streams X with --live x only when X_BEARER_TOKEN is set, since X bills every post read', () => {
    expect(parseStartArgs(['--live', 'x'], { cwd: '/home/me', replaySpeed: 10, mastodonInstances: undefined, xConfigured: true })).toEqual({
      ok: true,
      value: { help: false, live: ['x'] },
    });
    expect(parse('--live', 'x')).toMatchObject({ ok: false, message: expect.stringContaining('--live x needs X_BEARER_TOKEN set') });
  });

  it('says in one line which networks --live accepts, and that it excludes --replay', () => {
    expect(parse('--live', 'twitter')).toEqual({
      ok: false,
      message: '--live "twitter" is not a network npm start streams: use --live bluesky, --live mastodon or --live x',
    });
    expect(parse('--live', '')).toMatchObject({ ok: false, message: expect.stringContaining('use --live bluesky, --live mastodon or --live x') });
    expect(parse('--live', 'bluesky', '--replay', 'p.jsonl')).toEqual({
      ok: false,
      message: '--live and --replay exclude each other: stream live, or replay a file',
    });
    expect(parse('--replay', 'p.jsonl', '--live', 'bluesky')).toEqual({
      ok: false,
      message: '--live and --replay exclude each other: stream live, or replay a file',
    });
    expect(parse('--live', 'bluesky', '--max')).toEqual({ ok: false, message: '--speed, --max and --loop apply to --replay FILE, not to --live' });
    const bare = parse('--live');
    expect(bare.ok).toBe(false);
    expect(!bare.ok && bare.message).toMatch(/^Option '--live <value>' argument missing/u);
  });

  it('shows help', () => {
    expect(parse('-h')).toEqual({ ok: true, value: { help: true } });
  });
});
