import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { isGzipFile, openLineSource, type FileLine } from '../../src/replay/line-reader.js';
import { replayScratchDir, statusAt } from '../support/replay-files.js';

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

  it("reports progress in uncompressed bytes handed out, for gzip from the trailer's size", async () => {
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
