/** The windows the processor keeps by default (WINDOWS in processor config); the selector offers these. */
export const TREND_WINDOWS = [
  { value: '1m', label: '1 min' },
  { value: '5m', label: '5 min' },
  { value: '15m', label: '15 min' },
  { value: '1h', label: '1 hour' },
] as const;

export type TrendWindow = (typeof TREND_WINDOWS)[number]['value'];

export const DEFAULT_WINDOW: TrendWindow = '5m';

export function windowLabel(value: string): string {
  return TREND_WINDOWS.find((option) => option.value === value)?.label ?? value;
}

export function isTrendWindow(value: string | null | undefined): value is TrendWindow {
  return TREND_WINDOWS.some((option) => option.value === value);
}

/** Languages common on the fediverse (ISO 639-1, as Mastodon tags posts); '' means every language. */
export const LANGUAGES = [
  { value: '', label: 'All languages' },
  { value: 'en', label: 'English' },
  { value: 'de', label: 'Deutsch' },
  { value: 'ja', label: '日本語' },
  { value: 'fr', label: 'Français' },
  { value: 'es', label: 'Español' },
  { value: 'pt', label: 'Português' },
  { value: 'it', label: 'Italiano' },
  { value: 'nl', label: 'Nederlands' },
  { value: 'zh', label: '中文' },
  { value: 'ko', label: '한국어' },
] as const;

export function isLanguage(value: string | null | undefined): boolean {
  return LANGUAGES.some((option) => option.value === value);
}

/** How many words the chart shows. */
export const TOP_WORDS_LIMIT = 20;
export const RISING_LIMIT = 8;
