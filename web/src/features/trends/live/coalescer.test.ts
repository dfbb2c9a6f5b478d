import { describe, expect, it } from 'vitest';
import { createCoalescer, type CoalescerScheduler } from './coalescer';

/** A hand-driven clock: timers fire when time is advanced, frames when `frame()` is called. */
function manualScheduler() {
  let now = 0;
  let timers: { at: number; run: () => void }[] = [];
  let frames: (() => void)[] = [];
  const scheduler: CoalescerScheduler = {
    now: () => now,
    setTimer(run, ms) {
      const timer = { at: now + ms, run };
      timers.push(timer);
      return () => (timers = timers.filter((other) => other !== timer));
    },
    nextFrame(run) {
      frames.push(run);
      return () => (frames = frames.filter((other) => other !== run));
    },
  };
  return {
    scheduler,
    advance(ms: number) {
      now += ms;
      const due = timers.filter((timer) => timer.at <= now);
      timers = timers.filter((timer) => timer.at > now);
      due.forEach((timer) => timer.run());
    },
    frame() {
      const due = frames;
      frames = [];
      due.forEach((run) => run());
    },
    pendingFrames: () => frames.length,
  };
}

describe('coalescer', () => {
  it('delivers the first value on the next frame', () => {
    const clock = manualScheduler();
    const delivered: number[] = [];
    const coalescer = createCoalescer<number>((value) => delivered.push(value), 250, clock.scheduler);
    coalescer.push(1);
    expect(delivered).toEqual([]);
    clock.frame();
    expect(delivered).toEqual([1]);
  });

  it('turns a burst into one delivery of the latest value per interval', () => {
    const clock = manualScheduler();
    const delivered: number[] = [];
    const coalescer = createCoalescer<number>((value) => delivered.push(value), 250, clock.scheduler);
    coalescer.push(1);
    clock.frame();
    for (let value = 2; value <= 20; value += 1) {
      coalescer.push(value);
      clock.advance(10);
      clock.frame();
    }
    // 190 ms have passed since the first delivery: nothing more yet.
    expect(delivered).toEqual([1]);
    clock.advance(60);
    expect(delivered).toEqual([1]);
    clock.frame();
    expect(delivered).toEqual([1, 20]);
  });

  it('never delivers twice within the interval, however values arrive', () => {
    const clock = manualScheduler();
    const times: number[] = [];
    const coalescer = createCoalescer<number>(() => times.push(clock.scheduler.now()), 250, clock.scheduler);
    for (let step = 0; step < 200; step += 1) {
      coalescer.push(step);
      clock.advance(7);
      clock.frame();
    }
    const gaps = times.slice(1).map((time, index) => time - (times[index] ?? 0));
    expect(times.length).toBeGreaterThan(4);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250);
  });

  it('cancel drops the pending value', () => {
    const clock = manualScheduler();
    const delivered: number[] = [];
    const coalescer = createCoalescer<number>((value) => delivered.push(value), 250, clock.scheduler);
    coalescer.push(1);
    coalescer.cancel();
    clock.frame();
    clock.advance(1_000);
    expect(delivered).toEqual([]);
    expect(clock.pendingFrames()).toBe(0);
  });
});
