import path from 'node:path';
import { parseArgs } from 'node:util';
import { firstSentence } from '@trendstream/runtime/cli-args';
import type { Pace } from './pacing.js';

export const REPLAY_USAGE = `usage: npm run replay -- FILE [--speed N | --max] [--loop] [--shift-to-now]

Replays a JSON Lines file of Mastodon statuses (.jsonl, or gzip-compressed) into the Kafka \`posts\` topic.
  FILE            path to the file; relative paths are resolved against the directory you ran npm in
  --speed N       play N times faster than real time, by created_at (default 1; 60 = an hour in a minute)
  --max           as fast as the broker acknowledges, ignoring created_at
  --loop          start again at the end, forever (each pass moves times forward and makes URIs unique)
  --shift-to-now  set every created_at to when the post is sent (compressed by --speed), as if live
  -h, --help      show this help
Environment: KAFKA_BROKERS (default: the broker of a running \`npm start\`), TOPIC_PREFIX, POSTS_PARTITIONS, PROCESSOR_URL, LOG_LEVEL.`;

export interface ReplayArgs {
  file: string;
  pace: Pace;
  loop: boolean;
  shiftToNow: boolean;
}

export type ReplayArgsParse = { ok: true; help: true } | { ok: true; help: false; args: ReplayArgs } | { ok: false; message: string };

/** Parses the command line; `cwd` resolves a relative FILE (npm runs scripts from the repository root). */
export function parseReplayArgs(argv: readonly string[], cwd: string): ReplayArgsParse {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        speed: { type: 'string' },
        max: { type: 'boolean', default: false },
        loop: { type: 'boolean', default: false },
        'shift-to-now': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return { ok: false, message: firstSentence((error as Error).message) };
  }
  const { values, positionals } = parsed;
  if (values.help) return { ok: true, help: true };
  if (positionals.length === 0) return { ok: false, message: 'missing FILE: give the path of a .jsonl or .jsonl.gz file' };
  if (positionals.length > 1) return { ok: false, message: `expected one FILE, got ${positionals.length}: ${positionals.join(' ')}` };
  if (values.max && values.speed !== undefined) return { ok: false, message: '--speed and --max exclude each other: choose one' };
  let pace: Pace = { mode: 'speed', speed: 1 };
  if (values.max) pace = { mode: 'max' };
  if (values.speed !== undefined) {
    const speed = Number(values.speed);
    if (values.speed.trim() === '' || !Number.isFinite(speed) || speed <= 0) {
      return { ok: false, message: `--speed must be a number greater than 0, got "${values.speed}"` };
    }
    pace = { mode: 'speed', speed };
  }
  return {
    ok: true,
    help: false,
    args: { file: path.resolve(cwd, positionals[0] ?? ''), pace, loop: values.loop, shiftToNow: values['shift-to-now'] },
  };
}
