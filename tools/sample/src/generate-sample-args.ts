import path from 'node:path';
import { parseArgs } from 'node:util';
import { firstSentence } from '@trendstream/runtime/cli-args';
import { SAMPLE_DEFAULTS } from './sample-plan.js';

export const GENERATE_USAGE = `usage: npm run sample:generate -- --out FILE [--count N] [--span 60m] [--seed S] [--start ISO]

Writes generated Mastodon statuses as JSON Lines (gzip-compressed when FILE ends in .gz).
  --out FILE     where to write; relative paths are resolved against the directory you ran npm in
  --count N      number of lines (default ${SAMPLE_DEFAULTS.count})
  --span D       time covered by created_at: 90s, 60m, 2h (default 60m)
  --seed S       any string; the same seed and options give the same file (default "${SAMPLE_DEFAULTS.seed}")
  --start ISO    created_at of the beginning of the span (default ${SAMPLE_DEFAULTS.start})
  -h, --help     show this help`;

export interface GenerateArgs {
  out: string;
  count: number;
  spanMs: number;
  seed: string;
  startMs: number;
}

export type GenerateArgsParse = { ok: true; help: true } | { ok: true; help: false; args: GenerateArgs } | { ok: false; message: string };

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** `90s`, `60m`, `2h`, `1500ms` to milliseconds; null if it is not one of those. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/u.exec(text.trim());
  if (!match) return null;
  const value = Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN);
  return Number.isFinite(value) && value > 0 ? Math.round(value) : null;
}

export function parseGenerateArgs(argv: readonly string[], cwd: string): GenerateArgsParse {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        out: { type: 'string' },
        count: { type: 'string' },
        span: { type: 'string' },
        seed: { type: 'string' },
        start: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return { ok: false, message: firstSentence((error as Error).message) };
  }
  if (values.help) return { ok: true, help: true };
  if (!values.out) return { ok: false, message: 'missing --out FILE (.jsonl or .jsonl.gz)' };
  const count = values.count === undefined ? SAMPLE_DEFAULTS.count : Number(values.count);
  if (!Number.isInteger(count) || count < 1) return { ok: false, message: `--count must be a whole number of at least 1, got "${values.count}"` };
  const spanMs = values.span === undefined ? SAMPLE_DEFAULTS.spanMs : parseDuration(values.span);
  if (spanMs === null) return { ok: false, message: `--span must look like 90s, 60m or 2h, got "${values.span}"` };
  const startText = values.start ?? SAMPLE_DEFAULTS.start;
  const startMs = Date.parse(startText);
  if (Number.isNaN(startMs)) return { ok: false, message: `--start must be an ISO 8601 date such as ${SAMPLE_DEFAULTS.start}, got "${startText}"` };
  return { ok: true, help: false, args: { out: path.resolve(cwd, values.out), count, spanMs, seed: values.seed ?? SAMPLE_DEFAULTS.seed, startMs } };
}
