import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HashtagsResponse, TrendsResponse } from '@trendstream/contracts/api-types';
import type { LocalStack } from '@trendstream/runtime/local-stack';
import { Cleanups } from '@trendstream/testkit/cleanups';
import { kafkaBrokers, uniqueTopicPrefix } from '@trendstream/testkit/kafka';
import { dropDatabase, testDatabase } from '@trendstream/testkit/mysql';
import { uniqueName } from '@trendstream/testkit/names';
import { plantedWord, writePlantedPosts } from '@trendstream/testkit/planted-posts';
import { startStackRunner } from '@trendstream/testkit/stack-runner';
import { exitCode, startScript } from '@trendstream/testkit/scripts';
import { waitFor } from '@trendstream/testkit/wait-for';
import { freePort, isPortOpen } from '@trendstream/testkit/free-port';

// `npm start` as a new user runs it: on a file of their own, following a hashtag with the printed link, and a
// second terminal's replay finding the running stack by itself. Kafka comes from the test run (KAFKA_BROKERS),
// so the runner starts no broker; everything else is the real runner, processor and replay.
const dir = mkdtempSync(path.join(os.tmpdir(), 'run-stack-'));
const cleanups = new Cleanups();
afterAll(async () => {
  await cleanups.run();
  rmSync(dir, { recursive: true, force: true });
});

interface RunningStack {
  runner: ChildProcess;
  output: () => string;
  link: string;
  port: number;
  stackFile: string;
}

async function startRunner(args: string[], options: { ownBroker?: boolean; env?: Record<string, string> } = {}): Promise<RunningStack> {
  const port = await freePort();
  const database = testDatabase('ts_start');
  const stackFile = path.join(dir, `${uniqueName('stack')}.json`);
  // Without KAFKA_BROKERS the runner starts a broker of its own, here with a data directory of the test's.
  const kafka: Record<string, string> = options.ownBroker
    ? { KAFKA_DATA_DIR: path.join(dir, uniqueName('kafka')) }
    : { KAFKA_BROKERS: kafkaBrokers().join(',') };
  cleanups.add(() => dropDatabase(database.name));
  const started = await startStackRunner(args, {
    ...kafka,
    TOPIC_PREFIX: uniqueTopicPrefix('start'),
    MYSQL_URL: database.url,
    PORT: String(port),
    HOST: '127.0.0.1',
    TRENDSTREAM_STACK_FILE: stackFile,
    INIT_CWD: dir,
    ...options.env,
  });
  const { runner } = started;
  cleanups.add(async () => {
    if (runner.exitCode !== null || runner.signalCode !== null) return;
    runner.kill('SIGTERM');
    await exitCode(runner);
  });
  return { ...started, port, stackFile };
}

/** Every process below `root`, by walking the process table. */
function descendants(root: number): number[] {
  return appPids(root).map((entry) => entry.pid);
}

function appPids(root: number): Array<{ pid: number; args: string }> {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/u.exec(line))
    .flatMap((match) => (match ? [{ pid: Number(match[1]), ppid: Number(match[2]), args: match[3] ?? '' }] : []));
  const found: Array<{ pid: number; args: string }> = [];
  const walk = (parent: number): void => {
    for (const entry of table.filter((row) => row.ppid === parent)) {
      found.push({ pid: entry.pid, args: entry.args });
      walk(entry.pid);
    }
  };
  walk(root);
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function trends(port: number): Promise<TrendsResponse> {
  const response = await fetch(`http://127.0.0.1:${port}/api/trends?window=1h&limit=50`);
  return (await response.json()) as TrendsResponse;
}

describe('npm start for a new user', () => {
  it('replays your own file instead of the sample, and the link it prints can follow hashtags', { timeout: 180_000 }, async () => {
    const word = plantedWord();
    const file = writePlantedPosts(path.join(dir, 'mine.jsonl'), { word, count: 30 });
    const stack = await startRunner(['--replay', 'mine.jsonl', '--max']);

    // Only the file's words: the bundled sample was not replayed alongside it.
    await waitFor(async () => (await trends(stack.port)).words.some((entry) => entry.word === word && entry.count === 30), {
      what: `the planted word ${word} counted 30 times`,
      timeoutMs: 60_000,
    });
    expect((await trends(stack.port)).words.map((entry) => entry.word).sort()).toEqual([word, 'morning', 'talking'].sort());
    expect(stack.output()).toContain(`replaying ${file} (--max --shift-to-now)`);

    const link = new URL(stack.link);
    expect(link.origin).toBe(`http://127.0.0.1:${stack.port}`);
    const token = new URLSearchParams(link.hash.slice(1)).get('admin-token') ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/u);
    const tag = uniqueName('tag').replace(/[^a-z0-9]/gu, '');
    const refused = await fetch(`http://127.0.0.1:${stack.port}/api/hashtags/${tag}`, { method: 'PUT' });
    expect(refused.status).toBe(401);
    const followed = await fetch(`http://127.0.0.1:${stack.port}/api/hashtags/${tag}`, { method: 'PUT', headers: { authorization: `Bearer ${token}` } });
    expect(followed.ok, await followed.text()).toBe(true);
    await waitFor(async () => ((await (await fetch(`http://127.0.0.1:${stack.port}/api/hashtags`)).json()) as HashtagsResponse).hashtags.includes(tag), {
      what: `#${tag} in the followed list`,
    });

    // A second terminal's replay of a file older than the retention horizon finds the stack by itself and is told
    // its posts came too late.
    const recorded = JSON.parse(readFileSync(stack.stackFile, 'utf8')) as LocalStack;
    expect(recorded).toMatchObject({ pid: stack.runner.pid, brokers: kafkaBrokers().join(','), processorUrl: `http://127.0.0.1:${stack.port}` });
    const old = writePlantedPosts(path.join(dir, 'old.jsonl'), { word: plantedWord(), count: 10, createdAt: new Date(Date.now() - 24 * 3_600_000) });
    const replay = startScript('ingest/dist/replay-main.js', [old, '--max'], {
      env: { TRENDSTREAM_STACK_FILE: stack.stackFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let replayOutput = '';
    replay.stderr?.on('data', (chunk: Buffer) => (replayOutput += chunk.toString('utf8')));
    expect(await exitCode(replay), replayOutput).toBe(0);
    expect(replayOutput).toContain('replaying into the running npm start');
    expect(replayOutput).toContain('late: the processor dropped 10 of these posts as older than it allows (replay with --shift-to-now)');

    // Stopping leaves nothing behind: no record for the tools, nothing on the port.
    stack.runner.kill('SIGTERM');
    expect(await exitCode(stack.runner)).toBe(0);
    expect(existsSync(stack.stackFile)).toBe(false);
    expect(await isPortOpen(stack.port)).toBe(false);
  });

  it('restarts a crashed replay, and nothing it started outlives a SIGKILL of the runner', { timeout: 180_000 }, async () => {
    const stack = await startRunner([], { ownBroker: true });
    const replayPid = () =>
      appPids(stack.runner.pid ?? -1).find((entry) => entry.args.includes('replay-main.js') && !entry.args.includes('lifeline-main.js'))?.pid;
    const first = await waitFor(replayPid, { what: 'the sample replay to run' });
    process.kill(first, 'SIGKILL');
    await waitFor(() => stack.output().includes('replay crashed (exit code 137); restarting it in 1 s'), { what: 'the runner to see the crash' });
    await waitFor(() => stack.output().includes('replay restarted'), { what: 'the replay to be restarted' });
    const second = await waitFor(replayPid, { what: 'the restarted replay' });
    expect(second).not.toBe(first);

    const started = descendants(stack.runner.pid ?? -1);
    // A lifeline and its command each for the broker, the processor and the replay.
    expect(started.length).toBeGreaterThanOrEqual(6);
    expect(appPids(stack.runner.pid ?? -1).some((entry) => entry.args.includes('kafka.Kafka'))).toBe(true);
    stack.runner.kill('SIGKILL');
    await waitFor(() => started.every((pid) => !isAlive(pid)), { what: `every process npm start started (${started.join(', ')}) to exit`, timeoutMs: 60_000 });
    expect(await isPortOpen(stack.port)).toBe(false);
  });

  it('streams Bluesky with --live bluesky instead of the sample, from the Jetstream BLUESKY_JETSTREAM_URL names', { timeout: 180_000 }, async () => {
    // Nothing listens there: the test needs no internet, only that the runner hands the ingest this URL.
    const jetstream = `ws://127.0.0.1:${await freePort()}/subscribe`;
    const stack = await startRunner(['--live', 'bluesky'], { env: { BLUESKY_JETSTREAM_URL: jetstream, INGEST_PORT: '0' } });
    expect(stack.output()).toContain(`live ingest from Bluesky (${jetstream})`);
    await waitFor(() => stack.output().includes('live ingest running for 1 source(s)'), { what: 'the ingest to start its Bluesky source' });
    const apps = appPids(stack.runner.pid ?? -1).filter((entry) => !entry.args.includes('lifeline-main.js'));
    expect(apps.some((entry) => entry.args.includes('ingest/dist/main.js'))).toBe(true);
    expect(apps.some((entry) => entry.args.includes('replay-main.js'))).toBe(false);
    expect(stack.output()).not.toContain('replaying the bundled sample');

    stack.runner.kill('SIGTERM');
    expect(await exitCode(stack.runner)).toBe(0);
  });

  it('says in one line that the port is taken, and never that it is running', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.add(() => new Promise((resolve) => server.close(resolve)));
    const port = (server.address() as net.AddressInfo).port;
    const runner = startScript('devstack/dist/run-stack-main.js', [], {
      env: { KAFKA_BROKERS: kafkaBrokers().join(','), PORT: String(port), TRENDSTREAM_STACK_FILE: path.join(dir, 'port-taken.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    runner.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    expect(await exitCode(runner)).toBe(1);
    expect(output).toContain(
      `start: port ${port} is already in use by another process (an earlier npm start still running?): stop it, or set PORT to a free port`,
    );
    expect(output).not.toContain('Trendstream is running');
  });

  it('refuses a file that does not exist, before starting anything', async () => {
    const runner = startScript('devstack/dist/run-stack-main.js', ['--replay', 'missing.jsonl'], {
      env: { KAFKA_BROKERS: '127.0.0.1:1', INIT_CWD: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    runner.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    expect(await exitCode(runner)).toBe(2);
    expect(output).toContain(`start: --replay ${path.join(dir, 'missing.jsonl')}: no such file`);
  });
});
