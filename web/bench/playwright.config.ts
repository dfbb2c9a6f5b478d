import { defineConfig } from '@playwright/test';
import { CHROMIUM } from '../playwright.config';

/**
 * `npm run bench -w web` (under devstack's with-stack, which provides KAFKA_BROKERS): the dashboard's main
 * thread while a replay feeds 2,000 posts/s. A benchmark that prints figures, not a test that asserts them.
 */
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.bench\.ts/u,
  outputDir: '../test-results/bench-artifacts',
  globalSetup: './global-setup.ts',
  workers: 1,
  timeout: 300_000,
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: CHROMIUM,
  },
});
