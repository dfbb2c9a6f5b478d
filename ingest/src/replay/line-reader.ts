import { createReadStream, type ReadStream } from 'node:fs';
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
  /** Size of the file on disk (compressed size for .gz). */
  readonly totalBytes: number;
  /** Bytes of the file read so far: progress that works for gzip too, whose uncompressed size is unknown. */
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

/** Opens a JSON Lines file, plain or gzip-compressed (detected by content, not by extension). */
export async function openLineSource(path: string): Promise<LineSource> {
  const compressed = await isGzipFile(path);
  const handle = await open(path, 'r');
  const totalBytes = (await handle.stat()).size;
  await handle.close();
  let file: ReadStream | undefined;
  return {
    compressed,
    totalBytes,
    bytesRead: () => file?.bytesRead ?? 0,
    async *lines() {
      file = createReadStream(path, { highWaterMark: 256 * 1024 });
      const gunzip = compressed ? createGunzip() : undefined;
      // A gzip error (truncated file) must end the loop with an error, not hang it: forward it to readline's input.
      const input = gunzip ? file.pipe(gunzip) : file;
      if (gunzip) file.on('error', (error) => gunzip.destroy(error));
      const reader = createInterface({ input, crlfDelay: Infinity });
      let lineNumber = 0;
      try {
        for await (const raw of reader) {
          lineNumber += 1;
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
