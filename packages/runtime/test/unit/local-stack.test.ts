import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findLocalStack, removeLocalStack, withLocalStack, writeLocalStack, type LocalStack } from '../../src/local-stack.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'local-stack-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stack = (pid: number): LocalStack => ({
  pid,
  brokers: '127.0.0.1:9092',
  topicPrefix: 'dev.',
  processorUrl: 'http://127.0.0.1:8080',
  startedAt: '2026-12-05T00:00:00.000Z',
});
const alive = (pid: number) => pid === 100;

describe('the record of a running npm start', () => {
  it('is found while its runner lives, and not once it is gone', () => {
    const file = path.join(dir, 'nested', 'a.json');
    writeLocalStack(file, stack(100));
    expect(findLocalStack(file, alive)).toEqual(stack(100));
    writeLocalStack(file, stack(101));
    expect(findLocalStack(file, alive)).toBeUndefined();
  });

  it('is ignored when missing or not a record', () => {
    expect(findLocalStack(path.join(dir, 'none.json'), alive)).toBeUndefined();
    const file = path.join(dir, 'garbage.json');
    writeFileSync(file, '{"pid": "x"');
    expect(findLocalStack(file, alive)).toBeUndefined();
    writeFileSync(file, JSON.stringify({ pid: 100 }));
    expect(findLocalStack(file, alive)).toBeUndefined();
  });

  it('is removed only by the runner that wrote it', () => {
    const file = path.join(dir, 'b.json');
    writeLocalStack(file, stack(100));
    removeLocalStack(file, 555);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(stack(100));
    removeLocalStack(file, 100);
    expect(findLocalStack(file, () => true)).toBeUndefined();
  });

  it('completes a tool environment without KAFKA_BROKERS, and leaves one with it alone', () => {
    const file = path.join(dir, 'c.json');
    writeLocalStack(file, stack(process.pid));
    expect(withLocalStack({ KAFKA_BROKERS: 'kafka:9092' }, file)).toEqual({ env: { KAFKA_BROKERS: 'kafka:9092' } });
    const { env, found } = withLocalStack({ LOG_LEVEL: 'warn' }, file);
    expect(found?.pid).toBe(process.pid);
    expect(env).toEqual({ LOG_LEVEL: 'warn', KAFKA_BROKERS: '127.0.0.1:9092', TOPIC_PREFIX: 'dev.', PROCESSOR_URL: 'http://127.0.0.1:8080' });
    // A prefix the person set wins over the record's.
    expect(withLocalStack({ TOPIC_PREFIX: 'mine.' }, file).env.TOPIC_PREFIX).toBe('mine.');
    expect(withLocalStack({}, path.join(dir, 'none.json'))).toEqual({ env: {} });
  });
});
