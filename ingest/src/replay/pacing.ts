import type { Post } from '@trendstream/contracts/post';

/**
 * Replay time arithmetic, pure: every function takes the current time as an argument, so the pacing loop
 * can be tested in milliseconds without a clock.
 */

/** How a replay is paced: by `created_at` divided by a speed factor, or as fast as the broker takes it. */
export type Pace = { mode: 'speed'; speed: number } | { mode: 'max' };

/** Fixed when the first valid post of the file is read. */
export interface Timeline {
  /** `created_at` of the first valid post of the file (not necessarily the earliest). */
  firstCreatedAt: number;
  /** Wall-clock time at which that first post was due. */
  wallStart: number;
  /**
   * --shift-to-now: every `created_at` becomes the wall-clock time the post is due, so the replay looks live at
   * any speed (at --speed 10 ten minutes of the file become one minute of posts ending now). Without it the
   * file's own times are kept, and every speed gives the same counts.
   */
  shiftToNow: boolean;
  /** The speed `created_at` is compressed by when shifting (1 for --max, which only shifts). */
  speed: number;
}

/**
 * Gap left between the end of one --loop pass and the start of the next, so a one-post file (span 0) still
 * moves forward in time and two passes never share a timestamp.
 */
export const LOOP_GAP_MS = 1_000;

/** Shortest sleep of the pacing loop: posts due within it are sent together rather than one wake-up each. */
export const MIN_SLEEP_MS = 20;

export function startTimeline(firstCreatedAt: number, now: number, shiftToNow: boolean, speed = 1): Timeline {
  return { firstCreatedAt, wallStart: now, shiftToNow, speed };
}

/** How far pass N of a --loop replay is moved forward in time: N times the file's span (see loopSpanMs). */
export function passOffsetMs(pass: number, spanMs: number): number {
  return pass * spanMs;
}

/** The file's span for --loop: from the first post's `created_at` to the latest one, plus LOOP_GAP_MS. */
export function loopSpanMs(firstCreatedAt: number, latestCreatedAt: number): number {
  return Math.max(0, latestCreatedAt - firstCreatedAt) + LOOP_GAP_MS;
}

/**
 * Pass 0 keeps the URI; pass N > 0 appends `#loop-N`. The processor counts a post once per URI, so without
 * this every pass after the first would be dropped as a duplicate of the first.
 */
export function loopUri(uri: string, pass: number): string {
  return pass === 0 ? uri : `${uri}#loop-${pass}`;
}

/** Wall-clock time at which a post is due: its `created_at` offset from the first post, divided by the speed. */
export function dueAt(createdAt: number, timeline: Timeline, speed: number): number {
  return timeline.wallStart + (createdAt - timeline.firstCreatedAt) / speed;
}

/** How long to sleep before a post due at `due` may be sent: 0 if it is due now, else at least MIN_SLEEP_MS. */
export function sleepBefore(due: number, now: number): number {
  const wait = due - now;
  return wait <= 0 ? 0 : Math.max(Math.ceil(wait), MIN_SLEEP_MS);
}

export interface PlacedPost {
  post: Post;
  /** `created_at` on the replay's own timeline (pass offset applied, before --shift-to-now): what pacing uses. */
  replayTime: number;
}

/** Moves a post to its pass (time and URI) and applies --shift-to-now. */
export function placePost(post: Post, timeline: Timeline, pass: number, spanMs: number): PlacedPost {
  const offset = passOffsetMs(pass, spanMs);
  const replayTime = post.createdAt + offset;
  return {
    replayTime,
    post: {
      ...post,
      uri: loopUri(post.uri, pass),
      boostOfUri: post.boostOfUri === null ? null : loopUri(post.boostOfUri, pass),
      createdAt: timeline.shiftToNow ? Math.round(dueAt(replayTime, timeline, timeline.speed)) : replayTime,
    },
  };
}
