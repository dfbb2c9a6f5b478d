import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

/** The two bytes every gzip member starts with (RFC 1952, section 2.3.1). */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

export interface FileLine {
  /** 1-based, counting blank lines too, so it matches what an editor shows. */
  lineNumber: number;
  text: string;
}

export interface LineSource {
  readonly compressed: boolean;
  /**
   * Uncompressed size of the file: its size on disk, or for gzip the size its trailer records (RFC 1952 ISIZE;
   * for a file of several concatenated gzip members only the last one's, so progress may stop short of 100%).
   */
  readonly totalBytes: number;
  /** Bytes of the lines handed out so far (plus their line ends): progress that read-ahead buffering does not skew. */
  bytesRead(): number;
  /** Every non-blank line, in order. Leaving the loop early closes the file. */
  lines(): AsyncGenerator<FileLine>;
}

/** True when the file starts with the gzip magic bytes, whatever its name says. */
export async function isGzipFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
  }
}

/** Size on disk, or for gzip the uncompressed size from the last four bytes of the file. */
async function uncompressedSize(path: string, compressed: boolean): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    if (!compressed || size < 18) return size;
    const trailer = Buffer.alloc(4);
    await handle.read(trailer, 0, 4, size - 4);
    return trailer.readUInt32LE(0);
  } finally {
    await handle.close();
  }
}

/** Opens a JSON Lines file, plain or gzip-compressed (detected by content, not by extension). */
export async function openLineSource(path: string): Promise<LineSource> {
  const compressed = await isGzipFile(path);
  const totalBytes = await uncompressedSize(path, compressed);
  let consumed = 0;
  return {
    compressed,
    totalBytes,
    bytesRead: () => consumed,
    async *lines() {
      consumed = 0;
      const file = createReadStream(path, { highWaterMark: 256 * 1024 });
      const gunzip = compressed ? createGunzip() : undefined;
      // A gzip error (truncated file) must end the loop with an error, not hang it: forward it to readline's input.
      const input = gunzip ? file.pipe(gunzip) : file;
      if (gunzip) file.on('error', (error) => gunzip.destroy(error));
      const reader = createInterface({ input, crlfDelay: Infinity });
      let lineNumber = 0;
      try {
        for await (const raw of reader) {
          lineNumber += 1;
          // Approximate for CRLF files (one byte per line short), exact otherwise; it only drives progress.
          consumed += Buffer.byteLength(raw) + 1;
          // A UTF-8 byte order mark is not part of the first line's JSON.
          const text = lineNumber === 1 ? raw.replace(/^\uFEFF/u, '') : raw;
          if (text.trim().length === 0) continue;
          yield { lineNumber, text };
        }
      } finally {
        reader.close();
        gunzip?.destroy();
        file.destroy();
      }
    },
  };
}
