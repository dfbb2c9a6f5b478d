import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { PLANTED_TOP_WORD } from '../../ingest/src/sample/sample-plan';
import { expect, test } from './support/fixtures';

/**
 * `npm run screenshots -w web`: pictures of the running dashboard for the README and docs, taken once the
 * replayed sample has filled the chart (light and dark at 1280x800, and a phone).
 */
const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'screenshots');

async function waitUntilFull(page: Page) {
  const topWords = page.getByRole('list', { name: 'Top words' });
  await expect(topWords.getByRole('listitem').first()).toHaveAttribute('data-word', PLANTED_TOP_WORD, { timeout: 150_000 });
  await expect(page.getByRole('list', { name: 'Rising words' }).getByRole('listitem').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.sparkline .recharts-line-curve').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'Status' }).getByText('Posts / s')).toBeVisible();
}

test.describe.configure({ mode: 'serial' });

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
  await page.getByRole('list', { name: 'Top words' }).getByRole('button').first().click();
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
