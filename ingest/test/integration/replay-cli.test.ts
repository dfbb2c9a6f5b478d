import { describe, expect, it } from 'vitest';
import { topicNames } from '@trendstream/contracts/topics';
import { testKafka } from '@trendstream/testkit/kafka';
import { SAMPLE_PATH } from '@trendstream/testkit/repo';
import { exitCode, startScript } from '@trendstream/testkit/scripts';
import { waitFor } from '@trendstream/testkit/wait-for';
import { runCli, startCli } from '../support/cli.js';
import { topicMessageCount } from '@trendstream/testkit/topic-collector';
import { replayTestKafka } from '../support/replay-kafka.js';

describe('replay CLI (built, spawned)', () => {
  it('rejects a bad argument with one clear line, the usage, and exit code 2', async () => {
    const run = await runCli('replay-main.js', [SAMPLE_PATH, '--speed', 'fast'], { KAFKA_BROKERS: '127.0.0.1:9' });
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('replay: --speed must be a number greater than 0, got "fast"');
    expect(run.stderr).toContain('usage: npm run replay -- FILE [--speed N | --max] [--loop] [--shift-to-now]');
  });

  it('rejects a missing file with exit code 2, before touching Kafka', async () => {
    const run = await runCli('replay-main.js', ['no/such/file.jsonl'], { KAFKA_BROKERS: '127.0.0.1:9', INIT_CWD: '/tmp' });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('replay: /tmp/no/such/file.jsonl does not exist');
  });

  it('names every bad variable when the configuration is invalid, and exits 2', async () => {
    const run = await runCli('replay-main.js', [SAMPLE_PATH], { TOPIC_PREFIX: 'has spaces' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^replay: invalid configuration/u);
    expect(run.stderr).toMatch(/^ {2}KAFKA_BROKERS: not set, and no `npm start` is running on this machine: start one with `npm start`/mu);
    expect(run.stderr).toMatch(/^ {2}TOPIC_PREFIX: may contain only/mu);
  });

  it('says which variable to fix when Kafka cannot be reached, and exits 1', { timeout: 30_000 }, async () => {
    const run = await runCli('replay-main.js', [SAMPLE_PATH, '--max'], { KAFKA_BROKERS: '127.0.0.1:9' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^replay: cannot reach Kafka at KAFKA_BROKERS=127\.0\.0\.1:9 /mu);
  });

  it('on SIGTERM stops reading, produces what it read, prints a summary and exits 0', { timeout: 60_000 }, async () => {
    const kafka = replayTestKafka();
    const topic = topicNames(kafka.topicPrefix).posts;
    const admin = testKafka('replay-cli-test').admin();
    await admin.connect();
    const landed = async () => ((await admin.listTopics()).includes(topic) ? topicMessageCount(admin, topic) : 0);
    const replay = startCli('replay-main.js', [SAMPLE_PATH, '--speed', '1'], { KAFKA_BROKERS: kafka.brokers.join(','), TOPIC_PREFIX: kafka.topicPrefix });
    try {
      // Right after the replay creates the topic its partitions may have no leader yet: waitFor retries then.
      await waitFor(async () => (await landed()) >= 5, { what: 'the first posts to land', timeoutMs: 30_000, intervalMs: 100 });
      replay.signal('SIGTERM');
      const run = await replay.done;
      expect(run.code).toBe(0);
      const summaryLine = run.stderr.split('\n').find((line) => line.includes('"interrupted":true'));
      expect(summaryLine, run.stderr).toBeDefined();
      const summary = JSON.parse(summaryLine ?? '{}') as { postsProduced: number; linesRead: number; failure: string | null };
      expect(summary.failure).toBeNull();
      expect(summary.linesRead).toBeLessThan(30_000);
      // Everything it said it produced is in the topic, and nothing more.
      expect(await landed()).toBe(summary.postsProduced);
    } finally {
      replay.signal('SIGKILL');
      await admin.disconnect();
    }
  });

  // An orphaned replay whose reader had died never exited: it retried the same log line forever.
  it('ends by itself, cleanly, when nobody reads its output any more', { timeout: 60_000 }, async () => {
    const kafka = replayTestKafka();
    const replay = startScript('ingest/dist/replay-main.js', [SAMPLE_PATH, '--speed', '100', '--loop', '--shift-to-now'], {
      env: { KAFKA_BROKERS: kafka.brokers.join(','), TOPIC_PREFIX: kafka.topicPrefix, TRENDSTREAM_STACK_FILE: '/nonexistent/stack.json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = exitCode(replay);
    await new Promise((resolve) => replay.stderr?.once('data', resolve));
    replay.stdout?.destroy();
    replay.stderr?.destroy();
    expect(await exited).toBe(0);
  });
});
