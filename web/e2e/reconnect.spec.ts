import { waitFor } from '@trendstream/testkit/wait-for';
import { isAlive } from './support/processes';
import { startProcessor, waitForHealthy } from './support/processor-control';
import { writeState } from './support/stack-state';
import { compareWithApi, connectionIndicator, expect, test } from './support/fixtures';

test('after the processor is killed and restarted the page reconnects by itself and matches the API again', async ({ page, stack }) => {
  await page.goto('/');
  const indicator = connectionIndicator(page);
  await expect(indicator).toContainText('Connected');
  await expect(page.getByRole('list', { name: 'Top words' }).getByRole('listitem').first()).toBeVisible({ timeout: 60_000 });

  process.kill(stack.processorPid, 'SIGKILL');
  await waitFor(() => !isAlive(stack.processorPid), { what: 'the processor to die', timeoutMs: 10_000, intervalMs: 200 });
  await expect(indicator).toContainText('Reconnecting');

  const processorPid = startProcessor(stack);
  writeState({ ...stack, processorPid });
  await waitForHealthy(stack, processorPid);

  await expect(indicator).toContainText('Connected', { timeout: 30_000 });
  await expect.poll(() => compareWithApi(page, stack.baseUrl, '5m'), { timeout: 60_000 }).toBe('same');
});
