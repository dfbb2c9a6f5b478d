import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What a running `npm start` tells the command-line tools on the same machine: which broker, topic prefix and
 * processor it runs, so `npm run replay` in a second terminal needs no variables. Written when the stack is up,
 * removed when it stops; a record whose runner is gone (killed) is ignored.
 */
export interface LocalStack {
  /** The runner's pid: the record is live while it runs. */
  pid: number;
  brokers: string;
  topicPrefix: string;
  processorUrl: string;
  startedAt: string;
}

/** `.cache/run/stack.json` in the repository (from packages/runtime/dist/); images have none. */
export const DEFAULT_LOCAL_STACK_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '.cache', 'run', 'stack.json');

export function writeLocalStack(file: string, stack: LocalStack): void {
  mkdirSync(path.dirname(file), { recursive: true });
  // Renamed into place so a reader never sees half a file.
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, `${JSON.stringify(stack, null, 2)}\n`);
  renameSync(partial, file);
}

/** Removes the record only if it is this runner's (a second runner may have written its own since). */
export function removeLocalStack(file: string, pid: number): void {
  if (readRecord(file)?.pid === pid) rmSync(file, { force: true });
}

/** The running stack, or undefined when none was recorded or its runner is no longer alive. */
export function findLocalStack(file: string, isAlive: (pid: number) => boolean = processIsAlive): LocalStack | undefined {
  const stack = readRecord(file);
  return stack && isAlive(stack.pid) ? stack : undefined;
}

function readRecord(file: string): LocalStack | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined; // none recorded, or unreadable: as good as none
  }
  return isLocalStack(parsed) ? parsed : undefined;
}

function isLocalStack(value: unknown): value is LocalStack {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    Number.isInteger(record.pid) &&
    typeof record.brokers === 'string' &&
    typeof record.topicPrefix === 'string' &&
    typeof record.processorUrl === 'string' &&
    typeof record.startedAt === 'string'
  );
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, owned by another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What the tools' configuration says when KAFKA_BROKERS is unset and no `npm start` runs (see withLocalStack). */
export const NO_LOCAL_STACK_MESSAGE =
  'not set, and no `npm start` is running on this machine: start one with `npm start` in another terminal (the tools find its broker by themselves), or set KAFKA_BROKERS=host:port';

/**
 * The environment a command-line tool runs with: unchanged when KAFKA_BROKERS is set, else completed from the
 * running `npm start` (its broker, topic prefix and processor). `found` says which happened, for one line to the
 * user; when neither is there the tool's configuration reports KAFKA_BROKERS with NO_LOCAL_STACK_MESSAGE.
 */
export function withLocalStack(env: NodeJS.ProcessEnv, file: string): { env: NodeJS.ProcessEnv; found?: LocalStack } {
  if (env.KAFKA_BROKERS?.trim()) return { env };
  const found = findLocalStack(file);
  if (!found) return { env };
  // Blank counts as unset, as a `.env` line `NAME=` means.
  const completed = {
    ...env,
    KAFKA_BROKERS: found.brokers,
    TOPIC_PREFIX: env.TOPIC_PREFIX ?? found.topicPrefix,
    PROCESSOR_URL: env.PROCESSOR_URL ?? found.processorUrl,
  };
  return { env: completed, found };
}
