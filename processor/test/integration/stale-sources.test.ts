import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthResponse, InstanceHealth } from '@trendstream/contracts/api-types';
import { topicNames } from '@trendstream/contracts/topics';
import { testKafka } from '@trendstream/testkit/kafka';
import { dropDatabase } from '@trendstream/testkit/mysql';
import { waitFor } from '@trendstream/testkit/wait-for';
import type { Processor } from '../../src/app.js';
import { startProcessor, testStack } from '../support/stack.js';

const STALE_AFTER_SECONDS = 90;

describe('a source whose ingest went silent', () => {
  const stack = testStack({ SOURCE_STALE_AFTER_SECONDS: String(STALE_AFTER_SECONDS) });
  // The processor's clock: the wall clock, plus however far the test moves it on.
  let aheadMs = 0;
  const now = () => Date.now() + aheadMs;
  let processor: Processor;

  beforeAll(async () => ({ processor } = await startProcessor(stack, { now })));
  afterAll(async () => {
    await processor.close();
    await dropDatabase(stack.database);
  });

  /** Publishes reports as the ingest does: on the compacted status topic, keyed by instance, stamped with its clock. */
  async function report(...states: Array<Pick<InstanceHealth, 'instance' | 'state'>>): Promise<void> {
    const producer = testKafka('processor-test').producer();
    await producer.connect();
    const updatedAt = new Date(now()).toISOString();
    await producer.send({
      topic: topicNames(stack.prefix).ingestStatus,
      messages: states.map((state) => ({ key: state.instance, value: JSON.stringify({ ...state, updatedAt }) })),
    });
    await producer.disconnect();
  }

  async function health(): Promise<{ statusCode: number; body: HealthResponse; source: (name: string) => InstanceHealth | undefined }> {
    const response = await processor.http.inject({ url: '/api/health' });
    const body = response.json<HealthResponse>();
    return { statusCode: response.statusCode, body, source: (name) => body.instances.find((instance) => instance.instance === name) };
  }

  it('is served stale, with its report’s age, once that report is older than SOURCE_STALE_AFTER_SECONDS, and a new report clears it', async () => {
    await report({ instance: 'live.example', state: 'streaming' }, { instance: 'shut-down.example', state: 'stopped' });
    await waitFor(async () => (await health()).body.instances.length === 2, { what: 'both sources in /api/health', timeoutMs: 20_000 });

    const fresh = await health();
    expect(fresh.statusCode).toBe(200);
    expect(fresh.body.status).toBe('ok');
    expect(fresh.source('live.example')).toMatchObject({ state: 'streaming', stale: false });
    expect(fresh.source('live.example')?.reportAgeSeconds).toBeLessThan(STALE_AFTER_SECONDS);

    aheadMs += (STALE_AFTER_SECONDS + 1) * 1000;
    const silent = await health();
    expect(silent.body.status).toBe('degraded');
    // The ingest is down, not this processor: a container health check must not flag it.
    expect(silent.statusCode).toBe(200);
    expect(silent.source('live.example')).toMatchObject({ state: 'streaming', stale: true });
    expect(silent.source('live.example')?.reportAgeSeconds).toBeGreaterThan(STALE_AFTER_SECONDS);
    // A source its ingest stopped cleanly owes no more reports: it is stopped, not stale.
    expect(silent.source('shut-down.example')).toMatchObject({ state: 'stopped', stale: false });
    expect(silent.source('shut-down.example')?.reportAgeSeconds).toBeGreaterThan(STALE_AFTER_SECONDS);

    await report({ instance: 'live.example', state: 'streaming' });
    await waitFor(async () => (await health()).source('live.example')?.stale === false, { what: 'the new report in /api/health', timeoutMs: 20_000 });
    expect((await health()).body.status).toBe('ok');
  });
});
