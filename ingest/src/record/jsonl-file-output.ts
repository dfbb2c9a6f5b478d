import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGzip, type Gzip } from 'node:zlib';
import { postToStatusJson } from '@trendstream/contracts/post-to-status';
import type { PostsTopicRecord } from '@trendstream/contracts/status-events';
import type { RecordOutput } from '../sources/post-sink.js';

/** Above this much unwritten data (a slow disk), new statuses are dropped and counted, not buffered. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/**
 * Writes accepted posts as JSON Lines, each line the status exactly as the instance sent it (the replay
 * format), gzipped when the file name ends in .gz. Deletes and edits are not part of the replay format and
 * are left out.
 */
export class JsonlFileOutput implements RecordOutput {
  written = 0;
  dropped = 0;
  skipped = 0;
  private failure: Error | undefined;

  private constructor(
    readonly file: string,
    private readonly sink: Gzip | WriteStream,
    private readonly fileStream: WriteStream,
  ) {
    const fail = (error: Error): void => {
      this.failure ??= error;
    };
    fileStream.on('error', fail);
    sink.on('error', fail);
  }

  /** Opens FILE first, so a missing directory or an existing file is one clear error before any network. */
  static async create(file: string, options: { force: boolean }): Promise<JsonlFileOutput> {
    const handle = await open(file, options.force ? 'w' : 'wx');
    // The stream must own the FileHandle, not just its number: a FileHandle nobody references is closed on
    // garbage collection (Node 24 does it promptly), its fd is reused by the next socket, and the recording
    // was written into the WebSocket.
    const fileStream = handle.createWriteStream({ autoClose: true });
    if (!file.endsWith('.gz')) return new JsonlFileOutput(file, fileStream, fileStream);
    const gzip = createGzip();
    gzip.pipe(fileStream);
    return new JsonlFileOutput(file, gzip, fileStream);
  }

  get error(): Error | undefined {
    return this.failure;
  }

  get bytes(): number {
    return this.fileStream.bytesWritten;
  }

  offer(record: PostsTopicRecord, raw: string | undefined): boolean {
    if (record.kind !== 'post' || (raw === undefined && record.post.network === 'mastodon')) {
      this.skipped += 1;
      return true;
    }
    if (this.failure || this.sink.writableLength > MAX_BUFFERED_BYTES) {
      this.dropped += 1;
      return false;
    }
    // Mastodon statuses as the instance sent them; Bluesky and X posts, whose networks send no Status entity, as one.
    this.sink.write(`${raw ?? JSON.stringify(postToStatusJson(record.post))}\n`);
    this.written += 1;
    return true;
  }

  /** Flushes and closes the file; rejects with the first write error. */
  async close(): Promise<void> {
    const finished = once(this.fileStream, 'close');
    this.sink.end();
    await finished;
    if (this.failure) throw this.failure;
  }
}
