import type { Producer } from 'kafkajs';
import type { Post } from '@trendstream/contracts/post';
import { postCodec } from '@trendstream/runtime/codecs';

const TICK_MS = 20;
/** One request must stay under the broker's message size limit. */
const SEND_CHUNK = 1_000;

/**
 * Posts for the processor under load: a history spread over the last minutes (so the windows hold data for
 * the API), then a steady stream stamped "received now" (so deltas keep flowing).
 */
export class PostFeed {
  private readonly codec = postCodec();
  private sequence = 0;
  private running: Promise<void> | undefined;
  private stopping = false;
  /** Posts sent by the live stream so far. */
  produced = 0;
  failure: Error | undefined;

  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly templates: readonly Post[],
    private readonly runId: string,
  ) {}

  /** Sends `count` posts created evenly over the `spanMs` before `now`, oldest first; resolves when acknowledged. */
  async sendHistory(count: number, spanMs: number, now: number): Promise<void> {
    for (let start = 0; start < count; start += SEND_CHUNK) {
      const size = Math.min(SEND_CHUNK, count - start);
      const posts = Array.from({ length: size }, (_, i) => {
        const createdAt = Math.round(now - spanMs + ((start + i) * spanMs) / count);
        return this.next(createdAt, createdAt);
      });
      await this.send(posts);
    }
  }

  /** Starts sending `rate` posts a second, each created and received "now", until stop(). */
  start(rate: number): void {
    this.running = (async () => {
      const started = Date.now();
      let sent = 0;
      while (!this.stopping) {
        const due = Math.floor(((Date.now() - started) / 1000) * rate) - sent;
        if (due > 0) {
          const now = Date.now();
          await this.send(Array.from({ length: due }, () => this.next(now, now)));
          sent += due;
          this.produced += due;
        }
        await new Promise((resolve) => setTimeout(resolve, TICK_MS));
      }
    })().catch((error: unknown) => {
      this.failure = error instanceof Error ? error : new Error(String(error));
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  private next(createdAt: number, receivedAt: number): { key: string; value: Buffer } {
    const template = this.templates[this.sequence % this.templates.length] as Post;
    this.sequence += 1;
    const uri = `https://bench.example/statuses/${this.runId}-${this.sequence}`;
    return { key: uri, value: this.codec.encode({ ...template, uri, createdAt, receivedAt }) };
  }

  private async send(messages: Array<{ key: string; value: Buffer }>): Promise<void> {
    for (let start = 0; start < messages.length; start += SEND_CHUNK) {
      await this.producer.send({ topic: this.topic, messages: messages.slice(start, start + SEND_CHUNK) });
    }
  }
}
