import path from 'node:path';
import { parseArgs } from 'node:util';
import { firstSentence } from '@trendstream/runtime/cli-args';

export const START_USAGE = `usage: npm start [-- --replay FILE [--speed N | --max] [--loop]]

Runs the whole pipeline on this machine and prints the dashboard's link.
  (no options)    replays the bundled sample in a loop (or streams live when MASTODON_INSTANCES is set)
  --replay FILE   replays FILE (JSON Lines of Mastodon statuses, .jsonl or .jsonl.gz) instead of the sample,
                  re-timed to now so the dashboard shows it live
  --speed N       play N times faster than real time (default REPLAY_SPEED, 10)
  --max           as fast as the broker acknowledges
  --loop          start FILE again at its end, forever
  -h, --help      show this help`;

export interface ReplayChoice {
  file: string;
  /** Arguments after FILE for the replay CLI. */
  args: string[];
}

export type StartArgs = { help: true } | { help: false; replay?: ReplayChoice };

export type StartArgsParse = { ok: true; value: StartArgs } | { ok: false; message: string };

/**
 * `npm start -- …`. A file given with --replay plays shifted to now, as the sample does: the dashboard shows
 * the present, and a file from the past played at its own times would count nothing once newer posts were seen.
 */
export function parseStartArgs(argv: readonly string[], cwd: string, defaultSpeed: number): StartArgsParse {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        replay: { type: 'string' },
        speed: { type: 'string' },
        max: { type: 'boolean', default: false },
        loop: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return { ok: false, message: firstSentence((error as Error).message) };
  }
  const { values } = parsed;
  if (values.help) return { ok: true, value: { help: true } };
  const replayOnly = [values.speed !== undefined && '--speed', values.max && '--max', values.loop && '--loop'].filter(Boolean);
  if (values.replay === undefined) {
    if (replayOnly.length > 0)
      return {
        ok: false,
        message: `${replayOnly.join(', ')} ${replayOnly.length === 1 ? 'needs' : 'need'} --replay FILE (the bundled sample's speed is REPLAY_SPEED)`,
      };
    return { ok: true, value: { help: false } };
  }
  if (values.replay.trim() === '') return { ok: false, message: '--replay needs a FILE: the path of a .jsonl or .jsonl.gz file' };
  if (values.max && values.speed !== undefined) return { ok: false, message: '--speed and --max exclude each other: choose one' };
  let pace = ['--speed', String(defaultSpeed)];
  if (values.max) pace = ['--max'];
  if (values.speed !== undefined) {
    const speed = Number(values.speed);
    if (values.speed.trim() === '' || !Number.isFinite(speed) || speed <= 0)
      return { ok: false, message: `--speed must be a number greater than 0, got "${values.speed}"` };
    pace = ['--speed', String(speed)];
  }
  const file = path.resolve(cwd, values.replay);
  return { ok: true, value: { help: false, replay: { file, args: [...pace, ...(values.loop ? ['--loop'] : []), '--shift-to-now'] } } };
}
