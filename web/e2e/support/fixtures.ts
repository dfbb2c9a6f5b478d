import { test as base, expect, type Page } from '@playwright/test';
import { readState, type StackState } from './stack-state';

/**
 * `stack` is what global setup started (read fresh for every test, since a test may restart the processor),
 * and `baseURL` points at that processor.
 */
export const test = base.extend<{ stack: StackState }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies
  stack: async ({}, use) => {
    await use(readState());
  },
  baseURL: async ({ stack }, use) => {
    await use(stack.baseUrl);
  },
});

export { expect };

export interface ShownTrends {
  asOf: string | null;
  words: { word: string; count: number }[];
}

/** What the Top words chart shows: the list items carry the word and its count. */
export async function readTopWords(page: Page): Promise<ShownTrends> {
  const region = page.getByRole('region', { name: 'Top words' });
  const words = await region
    .getByRole('list', { name: 'Top words' })
    .getByRole('listitem')
    .evaluateAll((items) => items.map((item) => ({ word: item.getAttribute('data-word') ?? '', count: Number(item.getAttribute('data-count')) })));
  const time = region.locator('time');
  const asOf = (await time.count()) > 0 ? await time.getAttribute('datetime') : null;
  return { asOf, words };
}

export interface ApiTrends {
  asOf: string;
  words: { word: string; count: number; score: number }[];
}

export async function fetchTrends(baseUrl: string, window: string, limit = 20): Promise<ApiTrends> {
  const response = await fetch(`${baseUrl}/api/trends?window=${window}&limit=${limit}`);
  if (!response.ok) throw new Error(`GET /api/trends answered ${response.status}`);
  return (await response.json()) as ApiTrends;
}

const byCountThenWord = (a: { word: string; count: number }, b: { word: string; count: number }) =>
  b.count - a.count || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0);

/**
 * 'same' when the page shows exactly what GET /api/trends returns for the same watermark; otherwise why not
 * (expect.poll prints the last reason). Both move while posts arrive, so callers poll until they meet.
 */
export async function compareWithApi(page: Page, baseUrl: string, window: string): Promise<string> {
  const shown = await readTopWords(page);
  const api = await fetchTrends(baseUrl, window, 20);
  if (shown.asOf !== api.asOf) return `page as of ${shown.asOf}, API as of ${api.asOf}`;
  const pageText = JSON.stringify([...shown.words].sort(byCountThenWord));
  const apiText = JSON.stringify(api.words.map(({ word, count }) => ({ word, count })).sort(byCountThenWord));
  return pageText === apiText ? 'same' : `page ${pageText} != API ${apiText}`;
}

/** The header's live connection indicator. */
export function connectionIndicator(page: Page) {
  return page.getByRole('status').filter({ hasText: 'Live connection' });
}
