import type { TrendsResponse } from '@trendstream/contracts/api-types';
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

export type ApiTrends = TrendsResponse;

export async function fetchTrends(baseUrl: string, window: string, limit = 20): Promise<ApiTrends> {
  const response = await fetch(`${baseUrl}/api/trends?window=${window}&limit=${limit}`);
  if (!response.ok) throw new Error(`GET /api/trends answered ${response.status}`);
  return (await response.json()) as ApiTrends;
}

const byCountThenWord = (a: { word: string; count: number }, b: { word: string; count: number }) =>
  b.count - a.count || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0);

/**
 * 'same' when the page shows exactly the words and counts GET /api/trends returns; otherwise why not
 * (expect.poll prints the last reason). Both move while posts arrive and, when the stream is idle, the
 * watermark follows the wall clock, so `asOf` rarely matches to the millisecond: callers poll until the lists
 * meet, which they do within a bucket.
 */
export async function compareWithApi(page: Page, baseUrl: string, window: string): Promise<string> {
  const shown = await readTopWords(page);
  const api = await fetchTrends(baseUrl, window, 20);
  const pageText = JSON.stringify([...shown.words].sort(byCountThenWord));
  const apiText = JSON.stringify(api.words.map(({ word, count }) => ({ word, count })).sort(byCountThenWord));
  if (shown.words.length === 0) return 'the page shows no words yet';
  return pageText === apiText ? 'same' : `page (as of ${shown.asOf}) ${pageText} != API (as of ${api.asOf}) ${apiText}`;
}

export function totalCount(words: readonly { count: number }[]): number {
  return words.reduce((sum, entry) => sum + entry.count, 0);
}

/** The header's live connection indicator. */
export function connectionIndicator(page: Page) {
  return page.getByRole('status').filter({ hasText: 'Live connection' });
}
