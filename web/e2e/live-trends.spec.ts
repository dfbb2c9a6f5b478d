import { PLANTED_TOP_WORD } from '@trendstream/sample/sample-plan';
import { connectionIndicator, expect, test } from './support/fixtures';

test('the chart fills while the replay runs and the planted rising word reaches the top', async ({ page }) => {
  await page.goto('/');
  await expect(connectionIndicator(page)).toContainText('Connected');

  const topWords = page.getByRole('list', { name: 'Top words' });
  await expect(topWords.getByRole('listitem')).toHaveCount(20, { timeout: 60_000 });
  await expect(page.getByRole('region', { name: 'Top words' }).locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/u);

  // The sample's planted word rises in its last quarter and ends as the most frequent word.
  await expect(topWords.getByRole('listitem').first()).toHaveAttribute('data-word', PLANTED_TOP_WORD, { timeout: 150_000 });
  const planted = page.getByRole('list', { name: 'Rising words' }).getByRole('button', { name: new RegExp(`^${PLANTED_TOP_WORD}\\b`, 'u') });
  await expect(planted).toBeVisible({ timeout: 30_000 });
  // Its rise reads as a multiple of its usual rate (or "new"), and the tooltip and description say what that means.
  await expect(planted).toContainText(/\d×\s?usual rate|new/u);
  await expect(planted).toHaveAccessibleName(/times its usual rate|new word/u);
  await expect(planted).toHaveAttribute('title', /compared with its usual rate over the previous period.*Trend score/u);
  await expect(planted).toHaveAccessibleDescription(/new = not seen at all in that period\. Trend score/u);
  // The data comes from a file, and the header says so.
  await expect(page.getByRole('banner').getByText(/^Replay/u)).toBeVisible({ timeout: 10_000 });
});

test('a word opens its time series from the keyboard, and Escape brings focus back', async ({ page }) => {
  await page.goto('/');
  const topWords = page.getByRole('list', { name: 'Top words' });
  const first = topWords.getByRole('button').first();
  await expect(first).toBeVisible({ timeout: 60_000 });
  const word = await topWords.getByRole('listitem').first().getAttribute('data-word');

  await first.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: new RegExp(`“${word}”`, 'u') });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(/posts in \d+ buckets/u, { timeout: 20_000 });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(first).toBeFocused();
});

test('the page is keyboard reachable from the top: skip link, then the window choice', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the trends' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('radio', { name: '5 min', exact: true })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('radio', { name: '15 min', exact: true })).toBeChecked();
  await expect(page).toHaveURL(/window=15m/u);
});
