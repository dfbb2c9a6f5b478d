import { compareWithApi, expect, fetchTrends, readTopWords, test, totalCount } from './support/fixtures';
import { writeFreshPosts } from './support/fresh-posts';
import { replayFile } from './support/stack';

test('switching the window changes the numbers to those of the new window', async ({ page, stack }) => {
  // The suite's replay may have ended more than a minute ago, leaving the last minute empty: add posts made now.
  // The last five minutes still hold that replay too, so they hold more posts than the last one.
  const fresh = replayFile(stack, writeFreshPosts(stack, 400), ['--max']);
  expect(await fresh.exited).toBe('0');
  await expect
    .poll(
      async () => {
        const [oneMinute, fiveMinutes] = await Promise.all([fetchTrends(stack.baseUrl, '1m'), fetchTrends(stack.baseUrl, '5m')]);
        return { oneMinuteHasWords: oneMinute.words.length > 0, fewerThanFiveMinutes: totalCount(oneMinute.words) < totalCount(fiveMinutes.words) };
      },
      { timeout: 150_000, intervals: [1_000] },
    )
    .toEqual({ oneMinuteHasWords: true, fewerThanFiveMinutes: true });

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
