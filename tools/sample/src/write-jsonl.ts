import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/** Lines are joined into chunks of this many before they reach the stream: far fewer writes for 200,000 lines. */
const LINES_PER_CHUNK = 500;

export interface WriteResult {
  lines: number;
  /** Bytes of JSON Lines before compression. */
  bytes: number;
}

/** Writes one JSON value per line; gzip-compressed when the file name ends in `.gz`. Backpressure via pipeline. */
export async function writeJsonLines(file: string, values: Iterable<unknown>, onProgress?: (lines: number) => void): Promise<WriteResult> {
  const result: WriteResult = { lines: 0, bytes: 0 };
  function* chunks(): Generator<string> {
    let chunk: string[] = [];
    for (const value of values) {
      chunk.push(JSON.stringify(value));
      result.lines += 1;
      if (chunk.length === LINES_PER_CHUNK) {
        yield flush();
        onProgress?.(result.lines);
      }
    }
    if (chunk.length > 0) yield flush();
    onProgress?.(result.lines);

    function flush(): string {
      const text = `${chunk.join('\n')}\n`;
      chunk = [];
      result.bytes += Buffer.byteLength(text);
      return text;
    }
  }
  const source = Readable.from(chunks(), { objectMode: false });
  const out = createWriteStream(file);
  if (file.endsWith('.gz')) await pipeline(source, createGzip({ level: 9 }), out);
  else await pipeline(source, out);
  return result;
}
