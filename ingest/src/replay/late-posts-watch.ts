import type { HealthResponse } from '@trendstream/contracts/api-types';

/**
 * A file from the past replayed into a processor that has already counted much newer posts counts nothing:
 * every post is older than the retention horizon behind them. The processor counts such posts (`latePosts` in
 * /api/health); this watch reads that figure while the replay runs and says so as soon as it grows, with the fix.
 */
export interface LatePostsWatchOptions {
  processorUrl: string;
  intervalMs: number;
  /** At the end, how long to wait for the processor to catch up (consumer lag 0) before the last reading. */
  settleMs: number;
  /** Called once, the first time late posts appear, and never again. */
  onFirstLate: (message: string) => void;
  fetchImpl?: typeof fetch;
}

export interface LatePostsWatch {
  /** Stops polling and returns the late posts seen since the watch started, or null if the processor never answered. */
  stop(): Promise<number | null>;
}

export function lateNotice(late: number, processorUrl: string): string {
  const posts = late === 1 ? '1 post' : `${late.toLocaleString('en-US')} posts`;
  return (
    `the processor at ${processorUrl} dropped ${posts} of this replay as late: they are older than the counts it keeps ` +
    '(its retention horizon behind the newest post it has counted). Replay with --shift-to-now to count the file as if it were live now.'
  );
}

interface Reading {
  latePosts: number;
  consumerLag: number | null;
}

async function readHealth(processorUrl: string, fetchImpl: typeof fetch): Promise<Reading | null> {
  try {
    const response = await fetchImpl(new URL('/api/health', processorUrl), { signal: AbortSignal.timeout(2_000) });
    // 503 is a degraded processor that still reports its figures.
    if (response.status !== 200 && response.status !== 503) return null;
    const body = (await response.json()) as Partial<HealthResponse>;
    if (typeof body.latePosts !== 'number') return null;
    return { latePosts: body.latePosts, consumerLag: typeof body.consumerLag === 'number' ? body.consumerLag : null };
  } catch {
    return null; // not reachable right now: the next poll tries again
  }
}

export async function startLatePostsWatch(options: LatePostsWatchOptions): Promise<LatePostsWatch> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const baseline = (await readHealth(options.processorUrl, fetchImpl))?.latePosts ?? null;
  let late: number | null = baseline === null ? null : 0;
  let told = false;
  let polling: Promise<void> = Promise.resolve();

  const poll = async (): Promise<Reading | null> => {
    const reading = await readHealth(options.processorUrl, fetchImpl);
    if (reading === null || baseline === null) return reading;
    late = Math.max(0, reading.latePosts - baseline);
    if (late > 0 && !told) {
      told = true;
      options.onFirstLate(lateNotice(late, options.processorUrl));
    }
    return reading;
  };
  // A short file is produced before the processor has read it: wait (bounded) until it has caught up.
  const settle = async (): Promise<void> => {
    const deadline = Date.now() + options.settleMs;
    for (;;) {
      const reading = await poll();
      if (reading?.consumerLag === 0 || Date.now() >= deadline) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(500, options.intervalMs)));
    }
  };
  // Without a baseline there is nothing to compare with (no processor answered at the start).
  const timer =
    baseline === null
      ? undefined
      : setInterval(() => {
          polling = polling.then(poll).then(() => undefined);
        }, options.intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await polling;
      if (baseline !== null) await settle();
      return late;
    },
  };
}
