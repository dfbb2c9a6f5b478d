import type { HashtagsResponse } from '@trendstream/contracts/api-types';
import { uniqueName } from '@trendstream/testkit/names';
import { expect, test } from './support/fixtures';

async function followedOnServer(baseUrl: string): Promise<string[]> {
  const response = await fetch(`${baseUrl}/api/hashtags`);
  return ((await response.json()) as HashtagsResponse).hashtags;
}

test('following a hashtag is refused without the admin token and works with it', async ({ page, stack }) => {
  const tag = uniqueName('e2e');
  await page.goto('/');
  const panel = page.getByRole('region', { name: 'Followed hashtags' });
  const tagInput = panel.getByLabel('Follow a hashtag');
  const follow = panel.getByRole('button', { name: 'Follow', exact: true });

  // Invalid input is caught inline before anything is sent.
  await tagInput.fill('no spaces!');
  await follow.click();
  await expect(panel.getByRole('alert')).toHaveText(/only letters, digits and underscores/u);

  // No token: the server refuses and the page says so at the token field.
  await tagInput.fill(tag);
  await follow.click();
  const tokenInput = panel.getByLabel('Admin token');
  await expect(panel.getByRole('alert')).toContainText('admin token');
  await expect(tokenInput).toBeFocused();
  await expect(tokenInput).toHaveAttribute('aria-invalid', 'true');

  // A wrong token is refused too.
  await tokenInput.fill('not-the-token-not-the-token');
  await follow.click();
  await expect(panel.getByRole('alert')).toContainText('refused');
  expect(await followedOnServer(stack.baseUrl)).not.toContain(tag);

  // The right token: the tag shows as followed within seconds, and the token is kept for the session.
  await tokenInput.fill(stack.adminToken);
  await follow.click();
  await expect(panel.getByRole('list', { name: 'Followed hashtags' }).getByText(`#${tag}`, { exact: true })).toBeVisible({ timeout: 10_000 });
  await expect(panel.getByText('Admin token saved for this session.')).toBeVisible();
  await expect.poll(() => followedOnServer(stack.baseUrl), { timeout: 10_000 }).toContain(tag);
  await expect(page.getByLabel('Hashtag', { exact: true }).locator('option', { hasText: `#${tag}` })).toHaveCount(1);

  // After a reload the token is still there (sessionStorage), so removing needs no new prompt.
  await page.reload();
  await page
    .getByRole('region', { name: 'Followed hashtags' })
    .getByRole('button', { name: `Stop following #${tag}` })
    .click();
  await expect.poll(() => followedOnServer(stack.baseUrl), { timeout: 10_000 }).not.toContain(tag);
  await expect(page.getByRole('region', { name: 'Followed hashtags' }).getByText(`#${tag}`, { exact: true })).toBeHidden({ timeout: 15_000 });
});
