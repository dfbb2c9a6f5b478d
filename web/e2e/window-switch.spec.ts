import { compareWithApi, expect, fetchTrends, readTopWords, test } from './support/fixtures';

test('switching the window changes the numbers to those of the new window', async ({ page, stack }) => {
  await page.goto('/');
  const topWords = page.getByRole('list', { name: 'Top words' });
  await expect(topWords.getByRole('listitem')).toHaveCount(20, { timeout: 60_000 });
  await expect.poll(() => compareWithApi(page, stack.baseUrl, '5m'), { timeout: 60_000 }).toBe('same');

  await page.getByRole('radio', { name: '1 min', exact: true }).check();
  await expect(page).toHaveURL(/window=1m/u);
  const region = page.getByRole('region', { name: 'Top words' });
  await expect(region).toContainText('last 1 min');
  await expect(region).toHaveAttribute('aria-busy', 'false');
  await expect.poll(() => compareWithApi(page, stack.baseUrl, '1m'), { timeout: 60_000 }).toBe('same');

  // The 1-minute counts are not the 5-minute ones: a one-minute window holds fewer posts.
  const oneMinute = await readTopWords(page);
  const fiveMinutes = await fetchTrends(stack.baseUrl, '5m');
  const total = (words: { count: number }[]) => words.reduce((sum, entry) => sum + entry.count, 0);
  expect(total(oneMinute.words)).toBeLessThan(total(fiveMinutes.words));
});
