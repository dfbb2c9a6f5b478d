import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { writeFreshPosts } from './support/fresh-posts';
import { replayFile } from './support/stack';

/**
 * The tools around the lists: looking up any word, comparing words, muting words, exporting the lists, and the
 * Status panel's help. Each test first replays posts re-dated to now, so the 5-minute window holds words
 * however long the suite took to get here.
 */
test.beforeEach(async ({ stack }) => {
  const fresh = replayFile(stack, writeFreshPosts(stack, 200), ['--max']);
  expect(await fresh.exited).toBe('0');
});

function topWords(page: Page) {
  return page.getByRole('list', { name: 'Top words' });
}

/** The first `count` words of the Top words list, once it shows that many. */
async function firstWords(page: Page, count: number, pattern = /./u): Promise<string[]> {
  const items = topWords(page).getByRole('listitem');
  await expect(items.nth(count - 1)).toBeVisible({ timeout: 60_000 });
  const words = await items.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-word') ?? ''));
  return words.filter((word) => pattern.test(word)).slice(0, count);
}

/** Opens a word's series through the lookup field: unlike its row, the field does not move while counts change. */
async function openWord(page: Page, word: string) {
  await page.getByLabel('Look up a word').fill(word);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `“${word}” over the last 5 min` });
  await expect(dialog).toBeVisible();
  return dialog;
}

test('any word can be looked up, and a word without posts says so', async ({ page }) => {
  await page.goto('/');
  const [word] = await firstWords(page, 1, /^[a-z]{3,}$/u);
  expect(word).toBeDefined();
  const lookup = page.getByLabel('Look up a word');

  // Typed the way people type: spaces around it and capitals; the word is looked up as it is counted.
  await lookup.fill(`  ${word!.toUpperCase()} `);
  await lookup.press('Enter');
  const dialog = page.getByRole('dialog', { name: new RegExp(`“${word}”`, 'u') });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(/posts in \d+ buckets/u, { timeout: 20_000 });

  // The open word is in the address: a shared link (here: a reload) opens it again; closing takes it out.
  await expect.poll(() => new URL(page.url()).searchParams.get('word')).toBe(word);
  await page.reload();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect.poll(() => new URL(page.url()).searchParams.has('word')).toBe(false);

  await lookup.fill('zzqxnotawordzz');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  const none = page.getByRole('dialog', { name: /“zzqxnotawordzz”/u });
  await expect(none).toContainText('No posts with this word in the last 5 min', { timeout: 20_000 });
  await expect(none).toContainText('No posts with “zzqxnotawordzz” in the last 5 min.');
});

test('words compared on one chart stay in the address, and can be removed', async ({ page }) => {
  await page.goto('/');
  const [first, second] = await firstWords(page, 2);
  for (const word of [first!, second!]) {
    const dialog = await openWord(page, word);
    await dialog.getByRole('button', { name: 'Add to comparison' }).click();
    await expect(dialog.getByRole('button', { name: 'Remove from comparison' })).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
  }

  const panel = page.getByRole('region', { name: 'Compare words' });
  await expect(panel.getByRole('list', { name: 'Compared words' }).getByRole('listitem')).toHaveCount(2);
  await expect(panel.locator('.recharts-legend-item')).toHaveCount(2);
  await expect(panel.locator('.recharts-line')).toHaveCount(2);
  await expect.poll(() => new URL(page.url()).searchParams.get('compare')).toBe(`${first},${second}`);

  // A shared link (here: a reload) shows the same comparison.
  await page.reload();
  await expect(panel.getByRole('list', { name: 'Compared words' }).getByRole('listitem')).toHaveCount(2);
  await expect(panel.getByRole('list', { name: 'Compared words' })).toContainText(/\d+ posts|no posts/u);

  await panel.getByRole('button', { name: `Remove ${first} from the comparison` }).click();
  await expect(panel.getByRole('list', { name: 'Compared words' }).getByRole('listitem')).toHaveCount(1);
  await expect.poll(() => new URL(page.url()).searchParams.get('compare')).toBe(second);
  await panel.getByRole('button', { name: `Remove ${second} from the comparison` }).click();
  await expect(panel).toBeHidden();
  await expect.poll(() => new URL(page.url()).searchParams.has('compare')).toBe(false);
});

test('a muted word leaves the lists in this browser, even after a reload, until it is unmuted', async ({ page }) => {
  await page.goto('/');
  const [word] = await firstWords(page, 1);
  const dialog = await openWord(page, word!);
  await dialog.getByRole('button', { name: 'Mute' }).click();
  await expect(dialog.getByRole('button', { name: 'Unmute' })).toBeVisible();
  await page.keyboard.press('Escape');

  const row = (list: string) => page.getByRole('list', { name: list }).locator(`li[data-word="${word}"]`);
  await expect(row('Top words')).toHaveCount(0);
  await expect(row('Rising words')).toHaveCount(0);
  const note = page.getByText('1 muted word hidden');
  await expect(note).toBeVisible();

  await page.reload();
  await expect(topWords(page).getByRole('listitem').first()).toBeVisible({ timeout: 60_000 });
  await expect(row('Top words')).toHaveCount(0);
  await note.click();
  await page.getByRole('button', { name: `Unmute ${word}` }).click();
  await expect(note).toBeHidden();
  await expect(row('Top words')).toHaveCount(1, { timeout: 30_000 });
});

test('the lists download as CSV and JSON, with the view they belong to', async ({ page }) => {
  await page.goto('/');
  await firstWords(page, 1);

  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toMatch(/^trendstream-5m-\d{4}-\d\d-\d\dT[\d-]+Z\.csv$/u);
  const lines = (await readFile(await csv.path(), 'utf8')).split('\r\n');
  expect(lines[0]).toBe('list,rank,word,count,score,ratio,isNew,window,asOf,lang,tag');
  expect(lines[1]).toMatch(/^top,1,[^,]+,\d+,[\d.]+,[\d.]*,(true|false)?,5m,\d{4}-/u);

  const jsonDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download JSON' }).click();
  const json = JSON.parse(await readFile(await (await jsonDownload).path(), 'utf8')) as { window: string; top: { rank: number; word: string }[] };
  expect(json.window).toBe('5m');
  expect(json.top.length).toBeGreaterThan(0);
  expect(json.top[0]?.rank).toBe(1);
});

test('the Status panel explains what late posts are', async ({ page }) => {
  await page.goto('/');
  const status = page.getByRole('region', { name: 'Status' });
  const help = status.getByRole('button', { name: 'What are late posts?' });
  await expect(help).toHaveAttribute('aria-expanded', 'false');
  await help.click();
  await expect(help).toHaveAttribute('aria-expanded', 'true');
  await expect(status.getByText(/arrived older than the windows' horizon.*--shift-to-now/u)).toBeVisible();
});
