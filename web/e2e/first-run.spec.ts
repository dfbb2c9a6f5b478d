import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect } from '@playwright/test';
import type { TrendsResponse } from '@trendstream/contracts/api-types';
import { freePort } from '@trendstream/testkit/free-port';
import { kafkaBrokers, uniqueTopicPrefix } from '@trendstream/testkit/kafka';
import { dropDatabase, testDatabase } from '@trendstream/testkit/mysql';
import { uniqueName } from '@trendstream/testkit/names';
import { plantedWord, writePlantedPosts } from '@trendstream/testkit/planted-posts';
import { startStackRunner } from '@trendstream/testkit/stack-runner';
import { exitCode, startScript } from '@trendstream/testkit/scripts';

/**
 * The three uses as a new user meets them: `npm start` (the real runner: processor and sample replay on the
 * test broker, a database of its own), then only the link it prints, and a second terminal's `npm run replay`
 * with no variables at all. Independent of the suite's shared stack.
 */
interface FirstRun {
  link: string;
  origin: string;
  stackFile: string;
}

const test = base.extend<object, { firstRun: FirstRun }>({
  firstRun: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies
    async ({}, use) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'first-run-'));
      const port = await freePort();
      const database = testDatabase('ts_first_run');
      const stackFile = path.join(dir, 'stack.json');
      try {
        const { runner, link } = await startStackRunner([], {
          KAFKA_BROKERS: kafkaBrokers().join(','),
          TOPIC_PREFIX: uniqueTopicPrefix('first'),
          MYSQL_URL: database.url,
          PORT: String(port),
          TRENDSTREAM_STACK_FILE: stackFile,
          // The sample at 200x: the windows fill within seconds.
          REPLAY_SPEED: '200',
        });
        try {
          await use({ link, origin: new URL(link).origin, stackFile });
        } finally {
          runner.kill('SIGTERM');
          await exitCode(runner);
        }
      } finally {
        await dropDatabase(database.name);
        rmSync(dir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 150_000 },
  ],
});

async function trends(origin: string, window: string): Promise<TrendsResponse> {
  return (await (await fetch(`${origin}/api/trends?window=${window}&limit=20`)).json()) as TrendsResponse;
}

test('from npm start, its link alone: follow a hashtag, replay a file of your own, look up a word', async ({ page, firstRun }) => {
  await page.goto(firstRun.link);
  await expect(page).not.toHaveURL(/admin-token/u);

  // 1. Follow a hashtag, with nothing set up: it shows in the hashtag filter.
  const tag = uniqueName('firstrun').replace(/[^a-z0-9]/gu, '');
  const panel = page.getByRole('region', { name: 'Followed hashtags' });
  await panel.getByLabel('Follow a hashtag').fill(tag);
  await panel.getByRole('button', { name: 'Follow', exact: true }).click();
  await expect(panel.getByRole('list', { name: 'Followed hashtags' }).getByText(`#${tag}`, { exact: true })).toBeVisible();
  await expect(page.getByLabel('Hashtag', { exact: true }).locator('option', { hasText: `#${tag}` })).toHaveCount(1);

  // 2. Replay a file of your own from a second terminal: no KAFKA_BROKERS, the running npm start is found.
  const word = plantedWord();
  const file = writePlantedPosts(path.join(os.tmpdir(), `${uniqueName('first-run')}.jsonl`), { word, count: 4 });
  try {
    const replay = startScript('ingest/dist/replay-main.js', [file, '--max', '--shift-to-now'], { env: { TRENDSTREAM_STACK_FILE: firstRun.stackFile } });
    expect(await exitCode(replay)).toBe(0);
  } finally {
    rmSync(file, { force: true });
  }

  // 3. Its word is not among the top words (the sample's twentieth word has more than its 4 posts), yet looking
  // it up shows its posts.
  await expect
    .poll(async () => (await trends(firstRun.origin, '5m')).words.at(19)?.count ?? 0, { message: 'twenty sample words above 4 posts', timeout: 60_000 })
    .toBeGreaterThan(4);
  await expect(page.getByRole('list', { name: 'Top words' }).locator(`[data-word="${word}"]`)).toHaveCount(0);
  await page.getByLabel('Look up a word').fill(word);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `“${word}” over the last 5 min` });
  await expect(dialog).toContainText(/(?<!\d)4 posts in \d+ buckets/u, { timeout: 30_000 });
});
