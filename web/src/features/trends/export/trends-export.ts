import type { TrendWord } from '@trendstream/contracts/api-types';

/** What the exported lists belong to: the same view the board shows. */
export interface ExportContext {
  window: string;
  asOf: string | null;
  /** '' for every language. */
  lang: string;
  /** '' for all posts. */
  tag: string;
}

export type ExportList = 'top' | 'rising';

export interface ExportRow {
  list: ExportList;
  rank: number;
  word: string;
  count: number;
  score: number;
  ratio: number | null;
  isNew: boolean | null;
  window: string;
  asOf: string | null;
  lang: string;
  tag: string;
}

export const EXPORT_COLUMNS = [
  'list',
  'rank',
  'word',
  'count',
  'score',
  'ratio',
  'isNew',
  'window',
  'asOf',
  'lang',
  'tag',
] as const satisfies readonly (keyof ExportRow)[];

/** One list's words as exported: rank, and the rise figures as null where the server sent none. */
function rankedEntries(list: readonly TrendWord[]) {
  return list.map((entry, index) => ({
    rank: index + 1,
    word: entry.word,
    count: entry.count,
    score: entry.score,
    ratio: entry.ratio ?? null,
    isNew: entry.isNew ?? null,
  }));
}

export function exportRows(lists: Record<ExportList, readonly TrendWord[]>, context: ExportContext): ExportRow[] {
  return (['top', 'rising'] as const).flatMap((list) => rankedEntries(lists[list]).map((entry) => ({ list, ...entry, ...context })));
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. Words come
 * from strangers' posts, so a field a spreadsheet would run as a formula (= + - @, and tab or carriage
 * return before one) gets a leading single quote (OWASP "CSV injection").
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/u.test(text)) text = `'${text}`;
  return /[",\r\n]/u.test(text) ? `"${text.replace(/"/gu, '""')}"` : text;
}

/** A header line, then one line per row, CRLF line ends as RFC 4180 has them. */
export function toCsv(rows: readonly ExportRow[]): string {
  const lines = [EXPORT_COLUMNS.join(','), ...rows.map((row) => EXPORT_COLUMNS.map((column) => csvField(row[column])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

export function toJson(lists: Record<ExportList, readonly TrendWord[]>, context: ExportContext): string {
  return `${JSON.stringify({ ...context, top: rankedEntries(lists.top), rising: rankedEntries(lists.rising) }, null, 2)}\n`;
}

/** `trendstream-5m-en-2026-11-25T14-03-05Z.csv`: says what and when, and is a valid file name everywhere. */
export function exportFileName(context: ExportContext, extension: 'csv' | 'json'): string {
  const parts = ['trendstream', context.window, context.lang, context.tag, context.asOf?.replace(/\.\d+Z$/u, 'Z').replace(/:/gu, '-')];
  return `${parts.filter(Boolean).join('-')}.${extension}`.replace(/[^\p{L}\p{N}._-]/gu, '_');
}
