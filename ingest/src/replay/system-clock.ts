import { setTimeout as delay } from 'node:timers/promises';
import type { ReplayClock } from './replay-loop.js';

/** The real clock. An aborted sleep resolves (early) rather than rejecting: the caller checks the signal. */
export const systemClock: ReplayClock = {
  now: () => Date.now(),
  async sleep(ms, signal) {
    if (signal.aborted) return;
    try {
      await delay(ms, undefined, { signal });
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
    }
  },
};
