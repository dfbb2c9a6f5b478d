import path from 'node:path';
import type { Page } from '@playwright/test';
import { SAMPLE_BURSTS } from '@trendstream/sample/sample-plan';
import { REPO_ROOT } from '@trendstream/testkit/repo';
import { expect, test } from './support/fixtures';

/**
 * `npm run screenshots -w web`: pictures of the running dashboard for the README and docs (light and dark at
 * 1280x800, and a phone). The script replays the sample at 20x with its own times, so words have a baseline;
 * the pictures are taken when the first burst leads the Rising list, while the replay still runs (an idle
 * stream's watermark follows the wall clock and the sample's windows would empty).
 */
const OUT = path.join(REPO_ROOT, 'docs', 'screenshots');

const FIRST_BURST = SAMPLE_BURSTS[0]?.token ?? '#eurovision';

async function waitUntilFull(page: Page) {
  const topWords = page.getByRole('list', { name: 'Top words' });
  await expect(topWords.getByRole('listitem')).toHaveCount(20, { timeout: 120_000 });
  const rising = page.getByRole('list', { name: 'Rising words' });
  await expect(rising.getByRole('listitem').first()).toHaveAttribute('data-word', FIRST_BURST, { timeout: 240_000 });
  await expect(rising.getByRole('listitem')).toHaveCount(8, { timeout: 60_000 });
  await expect(page.locator('.sparkline__line').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'Status' }).getByText('Posts / s')).toBeVisible();
}

test.describe.configure({ mode: 'serial', timeout: 360_000 });

test('desktop, light theme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
  await page.goto('/');
  await waitUntilFull(page);
  await page.screenshot({ path: path.join(OUT, 'dashboard-light.png') });
  // The whole page, status and hashtags panels included.
  await page.screenshot({ path: path.join(OUT, 'dashboard-full-light.png'), fullPage: true });
});

test('desktop, dark theme, with a word series open', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
  await page.goto('/');
  await waitUntilFull(page);
  await page.screenshot({ path: path.join(OUT, 'dashboard-dark.png') });
  await page.getByRole('list', { name: 'Rising words' }).getByRole('button').first().click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.locator('.recharts-area-curve')).toBeVisible({ timeout: 20_000 });
  await page.screenshot({ path: path.join(OUT, 'dashboard-series-dark.png') });
});

test.describe('phone', () => {
  test.use({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });

  test('phone, light theme', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    await page.goto('/');
    await waitUntilFull(page);
    await page.screenshot({ path: path.join(OUT, 'dashboard-phone.png') });
  });
});
