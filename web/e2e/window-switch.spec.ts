import { compareWithApi, expect, fetchTrends, readTopWords, test, totalCount } from './support/fixtures';

test('switching the window changes the numbers to those of the new window', async ({ page, stack }) => {
  // A replay shifted to now packs the sample into little event time: wait until a minute holds fewer posts than five.
  await expect
    .poll(async () => totalCount((await fetchTrends(stack.baseUrl, '1m')).words) < totalCount((await fetchTrends(stack.baseUrl, '5m')).words), {
      timeout: 150_000,
      intervals: [1_000],
    })
    .toBe(true);

  await page.goto('/');
  const topWords = page.getByRole('list', { name: 'Top words' });
  await expect(topWords.getByRole('listitem')).toHaveCount(20, { timeout: 60_000 });
  await expect.poll(() => compareWithApi(page, stack.baseUrl, '5m'), { timeout: 60_000 }).toBe('same');
  const fiveMinutes = await readTopWords(page);

  await page.getByRole('radio', { name: '1 min', exact: true }).check();
  await expect(page).toHaveURL(/window=1m/u);
  const region = page.getByRole('region', { name: 'Top words' });
  await expect(region).toContainText('last 1 min');
  await expect(region).toHaveAttribute('aria-busy', 'false');
  await expect.poll(() => compareWithApi(page, stack.baseUrl, '1m'), { timeout: 60_000 }).toBe('same');

  // Fewer posts fit in one minute than in five: the numbers on the page went down.
  const oneMinute = await readTopWords(page);
  expect(totalCount(oneMinute.words)).toBeLessThan(totalCount(fiveMinutes.words));
});
