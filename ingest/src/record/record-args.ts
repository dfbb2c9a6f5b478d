import { parseHashtag } from '@trendstream/contracts/hashtag';

export const RECORD_USAGE = `usage: npm run record -- FILE [--duration 10m] [--tag TAG]... [--force]

Records the live sources the ingest would read (MASTODON_INSTANCES, BLUESKY_JETSTREAM_URL; same settings; not X,
whose rules belong to the live ingest) to FILE in the replay format: one Mastodon status per line, as the
instance sent it (a Bluesky post as a status with its network named); FILE ending in .gz is gzipped.
  --duration D   stop after D (90s, 10m, 1h; a bare number is seconds); default: until Ctrl-C
  --tag TAG      also read this hashtag's Mastodon channel (repeatable)
  --force        overwrite FILE if it exists`;

export interface RecordArgs {
  file: string;
  durationMs: number | undefined;
  tags: string[];
  force: boolean;
}

export type ParsedRecordArgs = { ok: true; value: RecordArgs } | { ok: true; help: true } | { ok: false; error: string };

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `90s`, `10m`, `1h`, `1h30m`, or a bare number of seconds. */
export function parseDuration(text: string): number | undefined {
  if (/^\d+(\.\d+)?$/u.test(text)) return Math.round(Number(text) * 1000);
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/gu)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) return undefined;
  return Math.round(parts.reduce((total, part) => total + Number(part[1]) * (UNITS[part[2] ?? 's'] ?? 1000), 0));
}

export function parseRecordArgs(argv: readonly string[]): ParsedRecordArgs {
  let file: string | undefined;
  let durationMs: number | undefined;
  let force = false;
  const tags: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') return { ok: true, help: true };
    if (arg === '--force') {
      force = true;
    } else if (arg === '--duration' || arg === '--tag') {
      const value = argv[++i];
      if (value === undefined) return { ok: false, error: `${arg} needs a value` };
      if (arg === '--duration') {
        durationMs = parseDuration(value);
        if (!durationMs || durationMs <= 0) return { ok: false, error: `--duration "${value}" is not a duration like 90s, 10m or 1h` };
      } else {
        const check = parseHashtag(value);
        if (!check.ok) return { ok: false, error: `--tag "${value}" is not a valid hashtag: ${check.reason}` };
        tags.push(check.tag);
      }
    } else if (arg.startsWith('--')) {
      return { ok: false, error: `unknown option ${arg}` };
    } else if (file === undefined) {
      file = arg;
    } else {
      return { ok: false, error: `one FILE only (got "${file}" and "${arg}")` };
    }
  }
  if (!file) return { ok: false, error: 'FILE is missing' };
  return { ok: true, value: { file, durationMs, tags: [...new Set(tags)], force } };
}
