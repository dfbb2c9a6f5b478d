/**
 * Batches a fast stream of values into at most one update per `minIntervalMs`, delivered on an animation
 * frame: the socket may deliver several deltas a second, but React should render the chart only a few
 * times a second and never twice in one frame. Only the latest value is kept. Scheduling is injected so
 * tests drive it by hand.
 */
export interface CoalescerScheduler {
  now(): number;
  /** Runs `run` after `ms`; returns a cancel function. */
  setTimer(run: () => void, ms: number): () => void;
  /** Runs `run` before the next paint; returns a cancel function. */
  nextFrame(run: () => void): () => void;
}

export interface Coalescer<T> {
  push(value: T): void;
  /** Drops a pending value without delivering it (on unmount). */
  cancel(): void;
}

export function createCoalescer<T>(deliver: (value: T) => void, minIntervalMs: number, scheduler: CoalescerScheduler): Coalescer<T> {
  let pending: { value: T } | null = null;
  let cancelScheduled: (() => void) | null = null;
  let lastDelivery = Number.NEGATIVE_INFINITY;

  const flush = () => {
    cancelScheduled = null;
    if (!pending) return;
    const { value } = pending;
    pending = null;
    lastDelivery = scheduler.now();
    deliver(value);
  };

  const schedule = () => {
    const wait = Math.max(0, lastDelivery + minIntervalMs - scheduler.now());
    if (wait === 0) {
      cancelScheduled = scheduler.nextFrame(flush);
      return;
    }
    let cancelFrame: (() => void) | null = null;
    const cancelTimer = scheduler.setTimer(() => {
      cancelFrame = scheduler.nextFrame(flush);
    }, wait);
    cancelScheduled = () => {
      cancelTimer();
      cancelFrame?.();
    };
  };

  return {
    push(value) {
      pending = { value };
      if (!cancelScheduled) schedule();
    },
    cancel() {
      pending = null;
      cancelScheduled?.();
      cancelScheduled = null;
    },
  };
}

/** The browser's clock, timers and animation frames; frames stop in background tabs, so fall back to a timer there. */
export const browserScheduler: CoalescerScheduler = {
  now: () => performance.now(),
  setTimer(run, ms) {
    const id = setTimeout(run, ms);
    return () => clearTimeout(id);
  },
  nextFrame(run) {
    if (document.visibilityState === 'hidden') {
      const id = setTimeout(run, 0);
      return () => clearTimeout(id);
    }
    const id = requestAnimationFrame(() => run());
    return () => cancelAnimationFrame(id);
  },
};
