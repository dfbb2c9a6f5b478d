/** A line that was skipped, and why. */
export interface MalformedLine {
  lineNumber: number;
  reason: string;
}

export interface ReplayProgress {
  /** 0 for the first pass through the file; counts up with --loop. */
  pass: number;
  bytesRead: number;
  totalBytes: number;
  linesRead: number;
  postsProduced: number;
  malformedLines: number;
  /** Replay position: `created_at` (as produced) of the latest post handed to the producer, or null. */
  position: number | null;
  startedAt: number;
  now: number;
}

export interface ReplaySummary {
  file: string;
  /** Lines read over every pass (blank lines not counted). */
  linesRead: number;
  /** Posts the broker acknowledged. */
  postsProduced: number;
  /** Malformed lines in the file (counted once, not once per --loop pass). */
  malformedLines: number;
  /** The first of them, with line numbers and reasons. */
  malformed: MalformedLine[];
  passes: number;
  durationMs: number;
  postsPerSecond: number;
  /** Stopped by SIGINT/SIGTERM before the end of the file. */
  interrupted: boolean;
  /** Set when producing failed: the replay stopped and the exit code is non-zero. */
  failure: string | null;
  /** Posts of this replay the processor dropped as late, when a processor was watched (see late-posts-watch.ts). */
  latePosts?: number | null;
}

export function postsPerSecond(posts: number, durationMs: number): number {
  return durationMs > 0 ? Math.round((posts / durationMs) * 1000) : 0;
}

/** Human-readable summary, a few lines, for a terminal. */
export function formatSummary(summary: ReplaySummary): string {
  const headline = summary.failure
    ? `replay failed: ${summary.file} (${summary.failure})`
    : `replay ${summary.interrupted ? 'interrupted' : 'done'}: ${summary.file}`;
  const passes = summary.passes > 1 ? ` in ${summary.passes} passes` : '';
  return [
    headline,
    `  lines read ${summary.linesRead}${passes}, posts produced ${summary.postsProduced}, malformed lines skipped ${summary.malformedLines}`,
    `  duration ${(summary.durationMs / 1000).toFixed(1)} s, ${summary.postsPerSecond} posts/s`,
    ...(summary.latePosts ? [`  late: the processor dropped ${summary.latePosts} of these posts as older than it allows (replay with --shift-to-now)`] : []),
  ].join('\n');
}
