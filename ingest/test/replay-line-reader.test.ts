import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { isGzipFile, openLineSource, type FileLine } from '../src/replay/line-reader.js';
import { hostOf, parseReplayLine } from '@trendstream/contracts/replay-line';
import { replayScratchDir, statusAt } from './helpers/replay-files.js';

const scratch = replayScratchDir();
afterAll(() => scratch.remove());

async function readAll(file: string): Promise<FileLine[]> {
  const lines: FileLine[] = [];
  for await (const line of (await openLineSource(file)).lines()) lines.push(line);
  return lines;
}

const LINES = ['{"a":1}', '', '{"b":2}', '   ', '{"c":3}'];
const EXPECTED = [
  { lineNumber: 1, text: '{"a":1}' },
  { lineNumber: 3, text: '{"b":2}' },
  { lineNumber: 5, text: '{"c":3}' },
];

describe('line reader', () => {
  it('reads plain JSON Lines, skipping blank lines but counting them in line numbers', async () => {
    expect(await readAll(scratch.file('plain.jsonl', LINES))).toEqual(EXPECTED);
  });

  it('detects gzip by its magic bytes, whatever the name says', async () => {
    const misnamed = scratch.file('compressed-but-named.jsonl', LINES, { gzip: true });
    const plainNamedGz = scratch.file('plain-but-named.jsonl.gz', LINES);
    expect(await isGzipFile(misnamed)).toBe(true);
    expect(await isGzipFile(plainNamedGz)).toBe(false);
    expect(await readAll(misnamed)).toEqual(EXPECTED);
    expect(await readAll(plainNamedGz)).toEqual(EXPECTED);
    expect((await openLineSource(misnamed)).compressed).toBe(true);
  });

  it('handles CRLF line ends, a byte order mark and a missing final newline', async () => {
    const file = path.join(scratch.dir, 'windows.jsonl');
    writeFileSync(file, '\uFEFF{"a":1}\r\n{"b":2}\r\n{"c":3}');
    expect((await readAll(file)).map((line) => line.text)).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('reports progress in uncompressed bytes handed out, for gzip from the trailer\'s size', async () => {
    const text = LINES.map((line) => `${line}\n`).join('');
    for (const gzip of [true, false]) {
      const source = await openLineSource(scratch.file(`progress-${gzip}.jsonl`, LINES, { gzip }));
      expect(source.totalBytes).toBe(Buffer.byteLength(text));
      const seen: number[] = [];
      for await (const _line of source.lines()) seen.push(source.bytesRead());
      expect(seen).toEqual([8, 17, 29]);
      expect(source.bytesRead()).toBe(source.totalBytes);
    }
  });

  it('fails (rather than hangs) on a truncated gzip file', async () => {
    const whole = gzipSync(Array.from({ length: 2000 }, (_, i) => statusAt(i, Date.UTC(2026, 0, 1) + i)).join('\n'));
    const file = path.join(scratch.dir, 'truncated.jsonl.gz');
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(readAll(file)).rejects.toThrow(/unexpected end of file/u);
  });

  it('reads an empty file as no lines', async () => {
    expect(await readAll(scratch.file('empty.jsonl', []))).toEqual([]);
  });
});

describe('parseReplayLine', () => {
  const receivedAt = Date.UTC(2026, 10, 25, 12);

  it('takes the instance from the url host and stamps source and receivedAt', () => {
    const result = parseReplayLine(statusAt(7, Date.UTC(2026, 2, 14)), receivedAt);
    expect(result).toMatchObject({ ok: true, post: { instance: 'replay.example', source: 'replay', receivedAt, statusId: '7' } });
  });

  it('falls back to the uri host when url is null (remote boosts), keeping a port', () => {
    const line = statusAt(8, Date.UTC(2026, 2, 14), { url: null, uri: 'http://localhost:3000/users/ana/statuses/8/activity' });
    expect(parseReplayLine(line, receivedAt)).toMatchObject({ ok: true, post: { instance: 'localhost:3000' } });
  });

  it.each([
    ['bad JSON', '{"id": "1",', /^bad JSON: /u],
    ['a JSON array', '[1, 2]', /one JSON object/u],
    ['a JSON string', '"hello"', /one JSON object/u],
    ['an object that is not a status', '{"hello": "world"}', /^not a Mastodon status: id/u],
    ['a status with a bad date', statusAt(9, 0, { created_at: 'yesterday' }), /created_at/u],
    ['a status whose url and uri name no host', statusAt(10, 0, { url: null, uri: 'tag:example.org,2011:status-10' }), /neither url nor uri/u],
  ])('rejects %s with a reason', (_name, line, reason) => {
    const result = parseReplayLine(line, receivedAt);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('finds hosts only in http(s) URLs', () => {
    expect(hostOf('https://Mastodon.Example/@ana/1')).toBe('mastodon.example');
    expect(hostOf('mailto:ana@example.org')).toBeNull();
    expect(hostOf('not a url')).toBeNull();
    expect(hostOf(42)).toBeNull();
  });
});
