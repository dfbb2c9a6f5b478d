import path from 'node:path';
import { parseArgs } from 'node:util';
import { firstSentence } from '@trendstream/runtime/cli-args';

export const START_USAGE = `usage: npm start [-- --live NETWORK | --replay FILE [--speed N | --max] [--loop]]

Runs the whole pipeline on this machine and prints the dashboard's link.
  (no options)    replays the bundled sample in a loop (or streams live when MASTODON_INSTANCES,
                  BLUESKY_JETSTREAM_URL or X_BEARER_TOKEN is set)
  --live NETWORK  streams NETWORK live instead of replaying the sample (repeat it for several):
                    bluesky   through Jetstream, no account needed (BLUESKY_JETSTREAM_URL, default the public one)
                    mastodon  the instances in MASTODON_INSTANCES
                    x         X's filtered stream for the followed hashtags (X_BEARER_TOKEN; X bills per post;
                              X streams whenever the token is set, --live or not)
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

export const LIVE_NETWORKS = ['bluesky', 'mastodon', 'x'] as const;
export type LiveNetwork = (typeof LIVE_NETWORKS)[number];

export type StartArgs = { help: true } | { help: false; replay?: ReplayChoice; live?: LiveNetwork[] };

/** What the arguments are checked against: the runner's own settings (start-config.ts). */
export interface StartArgsContext {
  cwd: string;
  /** REPLAY_SPEED, the default of --speed. */
  replaySpeed: number;
  /** MASTODON_INSTANCES, which --live mastodon needs. */
  mastodonInstances: string | undefined;
  /** Whether X_BEARER_TOKEN is set, which --live x needs. */
  xConfigured?: boolean;
}

export type StartArgsParse = { ok: true; value: StartArgs } | { ok: false; message: string };

/**
 * `npm start -- …`. A file given with --replay plays shifted to now, as the sample does: the dashboard shows
 * the present, and a file from the past played at its own times would count nothing once newer posts were seen.
 */
export function parseStartArgs(argv: readonly string[], context: StartArgsContext): StartArgsParse {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: {
        replay: { type: 'string' },
        live: { type: 'string', multiple: true },
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
  if (values.live !== undefined) {
    if (values.replay !== undefined) return { ok: false, message: '--live and --replay exclude each other: stream live, or replay a file' };
    const live = parseLive(values.live, context);
    if (!live.ok) return live;
    if (values.speed !== undefined || values.max || values.loop)
      return { ok: false, message: '--speed, --max and --loop apply to --replay FILE, not to --live' };
    return { ok: true, value: { help: false, live: live.networks } };
  }
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
  let pace = ['--speed', String(context.replaySpeed)];
  if (values.max) pace = ['--max'];
  if (values.speed !== undefined) {
    const speed = Number(values.speed);
    if (values.speed.trim() === '' || !Number.isFinite(speed) || speed <= 0)
      return { ok: false, message: `--speed must be a number greater than 0, got "${values.speed}"` };
    pace = ['--speed', String(speed)];
  }
  const file = path.resolve(context.cwd, values.replay);
  return { ok: true, value: { help: false, replay: { file, args: [...pace, ...(values.loop ? ['--loop'] : []), '--shift-to-now'] } } };
}

function parseLive(values: readonly string[], context: StartArgsContext): { ok: true; networks: LiveNetwork[] } | { ok: false; message: string } {
  const networks: LiveNetwork[] = [];
  for (const value of values) {
    const network = LIVE_NETWORKS.find((name) => name === value.trim().toLowerCase());
    if (!network) return { ok: false, message: `--live "${value}" is not a network npm start streams: use --live bluesky, --live mastodon or --live x` };
    if (network === 'mastodon' && !context.mastodonInstances?.trim())
      return {
        ok: false,
        message:
          '--live mastodon needs MASTODON_INSTANCES set (in the environment or .env), e.g. MASTODON_INSTANCES=fosstodon.org with a MASTODON_ACCESS_TOKEN (README "Live mode"); --live bluesky needs no account',
      };
    if (network === 'x' && !context.xConfigured)
      return {
        ok: false,
        message:
          "--live x needs X_BEARER_TOKEN set (in .env), an X app's bearer token; X bills every post read, see docs/sources.md; --live bluesky needs no account",
      };
    if (!networks.includes(network)) networks.push(network);
  }
  return { ok: true, networks };
}
