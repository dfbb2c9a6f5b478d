import type { Page } from '@playwright/test';
import { TcpProxy } from '@trendstream/testkit/tcp-proxy';
import { compareWithApi, connectionIndicator, expect, test } from '../support/fixtures';

/**
 * A browser whose network stalls (a tunnel, a flaky Wi-Fi): nothing passes between it and the processor, no
 * connection closes. The page talks to the processor through a TCP proxy the test controls; the API is asked
 * directly. After the link heals the page must show exactly what the API answers.
 */
async function proxyTo(baseUrl: string): Promise<TcpProxy> {
  const target = new URL(baseUrl);
  return TcpProxy.start({ host: target.hostname, port: Number(target.port) });
}

/** Opens the dashboard through the proxy and waits until it is live and shows words; returns its indicator. */
async function openLive(page: Page, proxy: TcpProxy) {
  await page.goto(`http://127.0.0.1:${proxy.port}/`);
  const indicator = connectionIndicator(page);
  await expect(indicator).toContainText('Connected');
  await expect(page.getByRole('list', { name: 'Top words' }).getByRole('listitem').first()).toBeVisible({ timeout: 60_000 });
  return indicator;
}

test('cut off for 10 s: the page catches up by itself and matches the API', async ({ page, stack }) => {
  const proxy = await proxyTo(stack.baseUrl);
  try {
    const indicator = await openLive(page, proxy);

    proxy.cut('stall');
    // The fault is the length of the cut itself: shorter than socket.io's ping timeout, so no side gives up.
    await page.waitForTimeout(10_000);
    proxy.restore();

    await expect(indicator).toContainText('Connected', { timeout: 60_000 });
    await expect.poll(() => compareWithApi(page, stack.baseUrl, '5m'), { timeout: 60_000 }).toBe('same');
  } finally {
    await proxy.close();
  }
});

test('cut off for 5 minutes: the page says it is reconnecting, then reconnects by itself and matches the API', async ({ page, stack }) => {
  test.setTimeout(10 * 60_000);
  const proxy = await proxyTo(stack.baseUrl);
  try {
    const indicator = await openLive(page, proxy);

    proxy.cut('stall');
    const cutAt = Date.now();
    // socket.io notices a silent server within its ping interval and timeout (45 s by default).
    await expect(indicator).toContainText('Reconnecting', { timeout: 120_000 });
    await page.waitForTimeout(Math.max(0, 5 * 60_000 - (Date.now() - cutAt)));
    proxy.restore();

    await expect(indicator).toContainText('Connected', { timeout: 120_000 });
    await expect.poll(() => compareWithApi(page, stack.baseUrl, '5m'), { timeout: 60_000 }).toBe('same');
  } finally {
    await proxy.close();
  }
});
