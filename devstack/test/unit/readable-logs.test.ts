import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogFormatter, pipeFormatted } from '../../src/readable-logs.js';

const record = { level: 40, time: Date.UTC(2026, 0, 2, 3, 4, 5), pid: 7, hostname: 'vm', name: 'replay', component: 'kafkajs', msg: 'coordinator loading' };

describe('the logs npm start shows', () => {
  it('turns a JSON log line into one readable line with level, app, message and fields, without pid and host', () => {
    const line = createLogFormatter(false)(JSON.stringify(record));
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\] WARN \(replay\): coordinator loading \{"component":"kafkajs"\}\n$/u);
  });

  it('passes lines that are not log records through unchanged', async () => {
    const source = new PassThrough();
    const destination = new PassThrough();
    const chunks: string[] = [];
    destination.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    pipeFormatted(source, destination, createLogFormatter(false));
    source.end(`replay: 3 posts produced\n${JSON.stringify({ ...record, level: 30, msg: 'done' })}\n`);
    await new Promise((resolve) => source.on('close', resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(chunks.join('')).toMatch(/^replay: 3 posts produced\n\[\d\d:\d\d:\d\d\] INFO \(replay\): done \{"component":"kafkajs"\}\n$/u);
  });
});
