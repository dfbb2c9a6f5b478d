import type { TrendWord } from '@trendstream/contracts/api-types';
import { formatScore } from '../../lib/format';

/**
 * The trend score in words people read. The score itself is a chi-square-like surprise (it reaches
 * millions); the server also sends the ratio it came from, observed over expected, and whether the word was
 * absent from its baseline. Those say "8× usual rate" or "new".
 */
export const RISE_EXPLANATION =
  'Posts with this word in the window compared with its usual rate over the previous period; new = not seen at all in that period';

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** "1.5×", "8×", "120×", ">1,000×": a decimal only where it changes the reading. */
export function formatRatio(ratio: number): string {
  if (ratio >= 1_000) return `>${integer.format(1_000)}×`;
  if (ratio >= 10) return `${integer.format(ratio)}×`;
  return `${oneDecimal.format(ratio)}×`;
}

export interface RiseLabel {
  /** What the list shows. */
  text: string;
  /** The same for a screen reader, where "×" reads badly. */
  spoken: string;
  /** The tooltip: what the figure means, and the raw score. */
  title: string;
}

export function riseLabel(entry: Pick<TrendWord, 'score' | 'ratio' | 'isNew'>): RiseLabel {
  const title = `${RISE_EXPLANATION}. Trend score ${formatScore(entry.score)}.`;
  if (entry.isNew) return { text: 'new', spoken: 'new word', title };
  // A server from before the ratio existed sends only the score: show it as before.
  if (entry.ratio === undefined) return { text: `▲ ${formatScore(entry.score)}`, spoken: `trend score ${formatScore(entry.score)}`, title };
  const ratio = formatRatio(entry.ratio);
  return { text: `${ratio} usual rate`, spoken: `${ratio.replace('×', ' times')} its usual rate`, title };
}
