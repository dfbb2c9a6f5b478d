// The container health probes in docker/, run as the containers run them: against a real HTTP server and the
// real Kafka broker (KAFKA_BROKERS, set by `npm test` through with-stack).
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cleanups } from '@trendstream/testkit/cleanups';
import { childEnv } from '@trendstream/testkit/env';
import { kafkaBrokers, testKafka, uniqueTopicPrefix } from '@trendstream/testkit/kafka';
import { REPO_ROOT } from '@trendstream/testkit/repo';

interface ProbeResult {
  code: number;
  stderr: string;
}

function probe(script: string, args: string[], env: Record<string, string> = {}): Promise<ProbeResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(REPO_ROOT, 'docker', script), ...args], { env: childEnv(env), timeout: 30_000 }, (error, _stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stderr }),
    );
  });
}

describe('docker/healthcheck.mjs', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      response.statusCode = request.url === '/api/health' ? 200 : 503;
      response.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('exits 0 when the URL answers 2xx', async () => {
    expect(await probe('healthcheck.mjs', [`${base}/api/health`])).toEqual({ code: 0, stderr: '' });
  });

  it('exits 1 on an error status, naming it', async () => {
    const result = await probe('healthcheck.mjs', [`${base}/unhealthy`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('answered 503');
  });

  it('exits 1 when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await probe('healthcheck.mjs', [`http://127.0.0.1:${port}/api/health`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unreachable');
  });

  it('exits 2 without a URL', async () => {
    expect((await probe('healthcheck.mjs', [])).code).toBe(2);
  });
});

describe('docker/posts-health.mjs', () => {
  const prefix = uniqueTopicPrefix('ts_probe');
  const cleanups = new Cleanups();
  afterAll(() => cleanups.run());

  it('is healthy only while the posts topic grows (a stopped replay looked healthy forever)', async () => {
    const kafka = testKafka('compose-probes-test');
    const env = {
      KAFKA_BROKERS: kafkaBrokers().join(','),
      TOPIC_PREFIX: prefix,
      POSTS_HEALTH_STATE: path.join(mkdtempSync(path.join(tmpdir(), 'posts-health-')), 'state.json'),
    };
    const missing = await probe('posts-health.mjs', [], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`${prefix}posts`);

    const admin = kafka.admin();
    await admin.connect();
    cleanups.add(() => admin.disconnect());
    await admin.createTopics({ topics: [{ topic: `${prefix}posts`, numPartitions: 2 }], waitForLeaders: true });
    cleanups.add(() => admin.deleteTopics({ topics: [`${prefix}posts`] }).catch(() => {}));
    const empty = await probe('posts-health.mjs', [], env);
    expect(empty).toMatchObject({ code: 1, stderr: expect.stringContaining('is empty') as unknown });

    const producer = kafka.producer();
    await producer.connect();
    cleanups.add(() => producer.disconnect());
    const produce = () => producer.send({ topic: `${prefix}posts`, messages: [{ key: 'uri', value: 'post' }] });
    await produce();
    expect(await probe('posts-health.mjs', [], env)).toEqual({ code: 0, stderr: '' });
    expect(await probe('posts-health.mjs', [], env)).toMatchObject({ code: 1, stderr: expect.stringContaining('has not grown') as unknown });
    await produce();
    expect(await probe('posts-health.mjs', [], env)).toEqual({ code: 0, stderr: '' });
  }, 60_000);

  it('is unhealthy when the broker does not answer', async () => {
    const result = await probe('posts-health.mjs', [], { KAFKA_BROKERS: '127.0.0.1:1', TOPIC_PREFIX: prefix });
    expect(result.code).toBe(1);
  }, 30_000);
});
