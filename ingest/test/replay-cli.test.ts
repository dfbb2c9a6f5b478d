import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { topicNames } from '@trendstream/contracts/topics';
import { SAMPLE_FILE } from '@trendstream/sample/sample-plan';
import { replayTestKafka } from './helpers/replay-kafka.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(REPO, 'ingest/dist/replay-main.js');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as `npm run replay` would (from the repository root); `whileRunning` may signal it. */
function runCli(args: string[], env: NodeJS.ProcessEnv, whileRunning?: (pid: number) => Promise<void>): Promise<CliRun> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npx turbo run build --filter=@trendstream/ingest)`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (whileRunning && child.pid !== undefined) whileRunning(child.pid).catch(reject);
  });
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('replay CLI (built, spawned)', () => {
  it('rejects a bad argument with one clear line, the usage, and exit code 2', async () => {
    const run = await runCli([SAMPLE_FILE, '--speed', 'fast'], { KAFKA_BROKERS: '127.0.0.1:9' });
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('replay: --speed must be a number greater than 0, got "fast"');
    expect(run.stderr).toContain('usage: npm run replay -- FILE [--speed N | --max] [--loop] [--shift-to-now]');
  });

  it('rejects a missing file with exit code 2, before touching Kafka', async () => {
    const run = await runCli(['no/such/file.jsonl'], { KAFKA_BROKERS: '127.0.0.1:9', INIT_CWD: '/tmp' });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('replay: /tmp/no/such/file.jsonl does not exist');
  });

  it('names every bad variable when the configuration is invalid, and exits 2', async () => {
    const run = await runCli([SAMPLE_FILE], { TOPIC_PREFIX: 'has spaces' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^replay: invalid configuration/u);
    expect(run.stderr).toMatch(/^ {2}KAFKA_BROKERS: required/mu);
    expect(run.stderr).toMatch(/^ {2}TOPIC_PREFIX: may contain only/mu);
  });

  it('says which variable to fix when Kafka cannot be reached, and exits 1', { timeout: 30_000 }, async () => {
    const run = await runCli([SAMPLE_FILE, '--max'], { KAFKA_BROKERS: '127.0.0.1:9' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^replay: cannot reach Kafka at KAFKA_BROKERS=127\.0\.0\.1:9 /mu);
  });

  it('on SIGTERM stops reading, produces what it read, prints a summary and exits 0', { timeout: 60_000 }, async () => {
    const kafka = replayTestKafka();
    const topic = topicNames(kafka.topicPrefix).posts;
    const admin = new Kafka({ clientId: 'replay-cli-test', brokers: kafka.brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const landed = async (): Promise<number> => {
      if (!(await admin.listTopics()).includes(topic)) return 0;
      return (await admin.fetchTopicOffsets(topic)).reduce((sum, partition) => sum + Number(partition.high), 0);
    };
    try {
      const run = await runCli([SAMPLE_FILE, '--speed', '1'], { KAFKA_BROKERS: kafka.brokers.join(','), TOPIC_PREFIX: kafka.topicPrefix }, async (pid) => {
        // Right after the replay creates the topic its partitions may have no leader yet: keep polling then.
        await waitFor(async () => (await landed().catch(() => 0)) >= 5, 30_000, 'the first posts to land');
        process.kill(pid, 'SIGTERM');
      });
      expect(run.code).toBe(0);
      const summaryLine = run.stderr.split('\n').find((line) => line.includes('"interrupted":true'));
      expect(summaryLine, run.stderr).toBeDefined();
      const summary = JSON.parse(summaryLine ?? '{}') as { postsProduced: number; linesRead: number; failure: string | null };
      expect(summary.failure).toBeNull();
      expect(summary.linesRead).toBeLessThan(30_000);
      // Everything it said it produced is in the topic, and nothing more.
      expect(await landed()).toBe(summary.postsProduced);
    } finally {
      await admin.disconnect();
    }
  });
});
