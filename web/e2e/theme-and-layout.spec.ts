import { connectionIndicator, expect, test } from './support/fixtures';

test('the theme follows the system until chosen, and the choice survives a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'dark');

  // The button says what it will do, and says the opposite once done.
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await expect(page.getByRole('button', { name: 'Switch to dark theme' })).toBeVisible();
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await expect(page.getByRole('button', { name: 'Switch to dark theme' })).toBeVisible();
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

  test('nothing is wider than the screen and every panel is reachable', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('list', { name: 'Top words' }).getByRole('listitem').first()).toBeVisible({ timeout: 60_000 });
    for (const name of ['Top words', 'Rising', 'Status', 'Followed hashtags']) {
      const region = page.getByRole('region', { name, exact: true });
      await region.scrollIntoViewIfNeeded();
      await expect(region).toBeInViewport();
    }
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

test('an offline device says so, and the page recovers on its own when the network is back', async ({ page, context }) => {
  await page.goto('/');
  const indicator = connectionIndicator(page);
  await expect(indicator).toContainText('Connected');
  await context.setOffline(true);
  await expect(indicator).toContainText('Offline');
  await context.setOffline(false);
  await expect(indicator).toContainText('Connected', { timeout: 30_000 });
});
