import type { HashtagsResponse } from '@trendstream/contracts/api-types';
import { uniqueName } from '@trendstream/testkit/names';
import { expect, test } from './support/fixtures';

async function followedOnServer(baseUrl: string): Promise<string[]> {
  const response = await fetch(`${baseUrl}/api/hashtags`);
  return ((await response.json()) as HashtagsResponse).hashtags;
}

test('the link npm start prints lets the page change hashtags at once, and the token leaves the address bar', async ({ page, stack }) => {
  const tag = uniqueName('e2elink');
  await page.goto(`/?window=1h#admin-token=${stack.adminToken}`);

  // The token is taken out of the address; the path and the query stay.
  await expect(page).not.toHaveURL(/admin-token/u);
  expect(page.url()).not.toContain(stack.adminToken);
  expect(new URL(page.url()).search).toBe('?window=1h');
  await expect(page.getByRole('radio', { name: '1 hour', exact: true })).toBeChecked();

  // Following works without typing the token: the panel never asks for it.
  const panel = page.getByRole('region', { name: 'Followed hashtags' });
  await expect(panel.getByText('Admin token saved for this session.')).toBeVisible();
  await expect(panel.getByLabel('Admin token')).toHaveCount(0);
  await panel.getByLabel('Follow a hashtag').fill(tag);
  await panel.getByRole('button', { name: 'Follow', exact: true }).click();
  await expect(panel.getByRole('list', { name: 'Followed hashtags' }).getByText(`#${tag}`, { exact: true })).toBeVisible({ timeout: 10_000 });
  await expect.poll(() => followedOnServer(stack.baseUrl), { timeout: 10_000 }).toContain(tag);

  // Leave the server as it was.
  await panel.getByRole('button', { name: `Stop following #${tag}` }).click();
  await expect.poll(() => followedOnServer(stack.baseUrl), { timeout: 10_000 }).not.toContain(tag);
});
