import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envVar } from '@trendstream/testkit/env';
import { REPO_ROOT } from '@trendstream/testkit/repo';
import { waitFor } from '@trendstream/testkit/wait-for';
import { appliedOffsets } from '../support/stack.js';
import { ComposeStack, freePortRange, imageFacts, runInImage, trends } from './support/compose-stack.js';
import { composeKafka, expectExactCounts, topicEnds } from './support/exact-counts.js';

/**
 * `npm run test:compose`: the repository's docker-compose.yaml, brought up as the README says
 * (`docker compose --profile replay up -d --build`), then checked as a user would find it. The base images it
 * names are built first by docker/standins/build-standins.sh where no registry is reachable. The steps build on
 * each other, in order.
 */
const APP_IMAGES = ['trendstream-processor:0.1.0', 'trendstream-ingest:0.1.0'];
const SERVICES = ['kafka', 'mysql', 'processor', 'ingest', 'replay'];
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * The packages installed in an image that the lockfile marks as needed for development only (`"dev": true`).
 * Transitive production dependencies (such as the `@types`
 * packages socket.io depends on) are not development packages.
 */
async function developmentPackages(image: string): Promise<string[]> {
  const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const listed = await runInImage(image, "cd /app && find . -name package.json -path '*node_modules*' | sed 's|^./||; s|/package.json$||'");
  const installed = listed.split('\n').filter((dir) => /(^|\/)node_modules\/(@[^/]+\/)?[^/@]+$/u.test(dir));
  expect(installed.length).toBeGreaterThan(0);
  return installed.filter((dir) => lock.packages[dir]?.dev === true);
}

let stack: ComposeStack;
let kafkaPort: number;

beforeAll(async () => {
  const processorPort = await freePortRange(3);
  kafkaPort = await freePortRange(1);
  stack = await ComposeStack.create(envVar('COMPOSE_CHECK_PROJECT') ?? 'trendstream-compose-check', {
    PROCESSOR_PORT: `${processorPort}-${processorPort + 2}`,
    KAFKA_HOST_PORT: String(kafkaPort),
    // Several partitions, so that three processors share the work.
    POSTS_PARTITIONS: '6',
    REPLAY_SPEED: '20',
  });
  await stack.compose(['down', '--volumes', '--remove-orphans']);
  await stack.compose(['up', '-d', '--build'], 1_200_000);
}, 1_500_000);

afterAll(async () => {
  if (!stack) return;
  if (envVar('COMPOSE_CHECK_KEEP') === '1') return;
  await stack.compose(['down', '--volumes', '--remove-orphans']);
}, 300_000);

describe.sequential('docker compose --profile replay', () => {
  it('brings every service up healthy', async () => {
    const states = await stack.waitHealthy(SERVICES);
    expect(states.map((state) => state.service).sort()).toEqual([...SERVICES].sort());
  });

  it('serves the dashboard on the published port, showing replayed words over HTTP and in Chromium', async () => {
    const [url] = await stack.processorUrls();
    const page = await fetch(`${url!}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const script = /<script[^>]+src="([^"]+\.js)"/u.exec(html)?.[1];
    expect(script).toBeDefined();
    expect(await fetch(new URL(script!, url)).then((response) => response.status)).toBe(200);
    await waitFor(async () => (await trends(url!)).words.length > 0, { what: 'replayed words in /api/trends', timeoutMs: 120_000 });

    const browser = await chromium.launch({ executablePath: envVar('CHROMIUM_PATH') ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      const tab = await browser.newPage();
      await tab.goto(`${url!}/`);
      const items = tab.getByRole('list', { name: 'Top words' }).getByRole('listitem');
      await items.first().waitFor({ timeout: 60_000 });
      // The list moves with the replay: some word on the page is among the API's top words at that moment.
      await waitFor(
        async () => {
          const shown = (await items.allInnerTexts()).join(' ');
          const listed = new Set([...(await trends(url!, '5m')).words, ...(await trends(url!, '1m')).words].map((entry) => entry.word));
          return [...listed].some((word) => shown.includes(word));
        },
        { what: 'the page showing a word the API lists', timeoutMs: 60_000 },
      );
    } finally {
      await browser.close();
    }
  });

  it('loses and double-counts nothing when the processor is stopped and started while posts arrive', async () => {
    const kafka = composeKafka(kafkaPort);
    await stack.compose(['stop', 'processor']);
    const mysqlUrl = await stack.mysqlUrl();
    const appliedAtStop = await appliedOffsets(mysqlUrl);
    // The replay goes on: wait until it has written posts the stopped processor has not seen.
    await waitFor(async () => (await topicEnds(kafka)).reduce((sum, end) => sum + end, 0) > appliedAtStop + 500, {
      what: '500 posts produced while the processor is stopped',
      timeoutMs: 120_000,
    });
    await stack.compose(['start', 'processor']);
    await stack.waitHealthy(['processor']);
    await stack.compose(['stop', 'replay']);
    await expectExactCounts(kafka, mysqlUrl);
  });

  it('counts the same with three processors as with one', async () => {
    const kafka = composeKafka(kafkaPort);
    await stack.compose(['up', '-d', '--no-recreate', '--scale', 'processor=3', 'processor']);
    await stack.waitHealthy(['processor']);
    expect(await stack.containerIds('processor')).toHaveLength(3);
    await stack.compose(['start', 'replay']);
    const before = (await topicEnds(kafka)).reduce((sum, end) => sum + end, 0);
    await waitFor(async () => (await topicEnds(kafka)).reduce((sum, end) => sum + end, 0) > before + 1_000, {
      what: '1,000 more posts counted by three processors',
      timeoutMs: 120_000,
    });
    await stack.compose(['stop', 'replay']);
    await expectExactCounts(kafka, await stack.mysqlUrl());
    // Every instance serves the one truth in MySQL: all three answer alike once each has read the last change.
    const urls = await stack.processorUrls();
    await waitFor(
      async () => {
        const answers = await Promise.all(urls.map(async (url) => JSON.stringify((await trends(url)).words)));
        return answers.every((answer) => answer === answers[0]);
      },
      { what: 'the three processors answering alike', timeoutMs: 60_000 },
    );
    await stack.compose(['up', '-d', '--no-recreate', '--scale', 'processor=1', 'processor']);
  });

  it('keeps the counts across down and up (the named volumes)', async () => {
    const kafka = composeKafka(kafkaPort);
    const countsBefore = await expectExactCounts(kafka, await stack.mysqlUrl());
    await stack.compose(['down']);
    expect(await stack.containerIds()).toEqual([]);
    // Up without the replay, so that nothing new arrives: what the processor serves is what the volumes kept.
    await stack.compose(['up', '-d', 'processor']);
    await stack.waitHealthy(['kafka', 'mysql', 'processor']);
    const countsAfter = await expectExactCounts(kafka, await stack.mysqlUrl());
    expect(countsAfter).toEqual(countsBefore);
    const [url] = await stack.processorUrls();
    await waitFor(async () => (await trends(url!)).words.length > 0, { what: 'the kept words served again', timeoutMs: 60_000 });
  });

  it('runs the images as non-root, with no sources and no development dependencies; reports their sizes', async () => {
    const facts = await Promise.all([...APP_IMAGES, 'apache/kafka:4.1.1', 'mysql:8.4.11'].map(imageFacts));
    for (const image of APP_IMAGES) {
      expect(facts.find((fact) => fact.image === image)?.user).toBe('node');
      expect((await runInImage(image, 'id -u')).trim()).toBe('1000');
      const sources = await runInImage(
        image,
        "find /app -path /app/node_modules -prune -o -type f \\( -name '*.ts' -o -name '*.tsx' -o -name 'tsconfig*.json' -o -name '*.test.*' \\) ! -name '*.d.ts' -print",
      );
      expect(sources.trim()).toBe('');
      expect(await developmentPackages(image)).toEqual([]);
      // Workspace links: the shared runtime packages and the app itself, never a development tool.
      const linked = (await runInImage(image, 'ls /app/node_modules/@trendstream')).split('\n').filter(Boolean);
      expect(linked.filter((name) => !['contracts', 'runtime', 'processor', 'ingest'].includes(name))).toEqual([]);
    }
    for (const fact of facts) expect(fact.user === '' || fact.user === 'root' || fact.user === '0').toBe(false);
    console.log(
      ['image sizes:', ...facts.map((fact) => `  ${fact.image.padEnd(32)} ${(fact.sizeBytes / 1e6).toFixed(0).padStart(5)} MB  user ${fact.user}`)].join('\n'),
    );
  });
});
