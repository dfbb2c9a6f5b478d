import { defineConfig, devices } from '@playwright/test';

/**
 * Browser tests against the real stack (e2e/global-setup.ts starts the processor and a replay). Debian's
 * chromium is used as installed; Playwright's own browser downloads are not available here.
 */
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results/artifacts',
  globalSetup: './e2e/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 1280, height: 800 },
    baseURL: process.env.TRENDSTREAM_E2E_URL,
    launchOptions: CHROMIUM,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'e2e', testIgnore: [/screenshots\.spec\.ts/u, /first-run\.spec\.ts/u, /faults\//u] },
    // `npm run test:faults`: browsers cut off from the processor for seconds and for minutes.
    { name: 'faults', testMatch: /faults\/.*\.spec\.ts/u },
    // From `npm start` itself, with a stack of its own (the suite's shared stack is not used).
    { name: 'first-run', testMatch: /first-run\.spec\.ts/u },
    { name: 'screenshots', testMatch: /screenshots\.spec\.ts/u },
  ],
});
