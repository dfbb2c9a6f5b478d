import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { topicNames } from '@trendstream/contracts/topics';
import { writeLocalStack } from '@trendstream/runtime/local-stack';
import { kafkaBrokers, uniqueTopicPrefix } from '@trendstream/testkit/kafka';
import { plantedWord, writePlantedPosts } from '@trendstream/testkit/planted-posts';
import { runCli } from '../support/cli.js';
import { readWholeTopic } from '../support/replay-kafka.js';

// `npm run replay` and `npm run hashtags` in a second terminal use the broker and topic prefix of the running
// `npm start`, which it records in a file (packages/runtime/src/local-stack.ts). This test writes such a record
// for a live process (itself) and runs the tools with no KAFKA_BROKERS at all.
describe('the command-line tools and a running npm start', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trendstream-local-stack-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function recordStack(topicPrefix: string): string {
    const file = path.join(dir, `${topicPrefix}stack.json`);
    // Nothing answers at processorUrl: the replay's late-post check must cope with that quietly.
    writeLocalStack(file, {
      pid: process.pid,
      brokers: kafkaBrokers().join(','),
      topicPrefix,
      processorUrl: 'http://127.0.0.1:9',
      startedAt: new Date().toISOString(),
    });
    return file;
  }

  it('replay sends a file into the running stack with no variables set', { timeout: 60_000 }, async () => {
    const topicPrefix = uniqueTopicPrefix('stackcli');
    const stackFile = recordStack(topicPrefix);
    const file = writePlantedPosts(path.join(dir, 'planted.jsonl'), { word: plantedWord(), count: 12 });
    const run = await runCli('replay-main.js', [file, '--max'], { TRENDSTREAM_STACK_FILE: stackFile });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`replaying into the running npm start: Kafka ${kafkaBrokers().join(',')}`);
    const messages = await readWholeTopic(topicNames(topicPrefix).posts);
    expect(messages).toHaveLength(12);
  });

  it('hashtags follows a tag on the running stack with no variables set', { timeout: 60_000 }, async () => {
    const topicPrefix = uniqueTopicPrefix('stackcli');
    const stackFile = recordStack(topicPrefix);
    const added = await runCli('hashtags-main.js', ['add', 'rustlang'], { TRENDSTREAM_STACK_FILE: stackFile });
    expect(added.code, added.stderr).toBe(0);
    const listed = await runCli('hashtags-main.js', ['list'], { TRENDSTREAM_STACK_FILE: stackFile });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^#rustlang\t/mu);
  });

  it('says to start npm start or set KAFKA_BROKERS when the recorded runner is gone', async () => {
    const file = path.join(dir, 'dead-stack.json');
    // A pid no process has: the record of a runner that was killed.
    writeLocalStack(file, {
      pid: 2 ** 22 + 1,
      brokers: '127.0.0.1:9092',
      topicPrefix: '',
      processorUrl: 'http://127.0.0.1:8080',
      startedAt: new Date().toISOString(),
    });
    const run = await runCli('hashtags-main.js', ['list'], { TRENDSTREAM_STACK_FILE: file });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('KAFKA_BROKERS: not set, and no `npm start` is running on this machine');
  });
});
