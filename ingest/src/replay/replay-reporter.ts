import cliProgress from 'cli-progress';
import type { Logger } from '@trendstream/runtime/logger';
import type { ReplayEvents } from './replay-loop.js';
import type { MalformedLine, ReplayProgress, ReplaySummary } from './replay-summary.js';
import { formatSummary, postsPerSecond } from './replay-summary.js';

/** Tells a person (or a log collector) how the replay is going. */
export interface ReplayReporter extends ReplayEvents {
  /** Something the person should know now, such as posts being dropped as late. */
  notice(message: string): void;
  finish(summary: ReplaySummary): void;
}

const LOG_PROGRESS_EVERY_MS = 5_000;

function malformedText(line: MalformedLine): string {
  return `line ${line.lineNumber}: skipped, ${line.reason}`;
}

const MORE_MALFORMED = 'further malformed lines are counted in the summary but not listed';

/** A progress bar on a terminal (stderr), with malformed lines printed above it. */
export function createBarReporter(stream: NodeJS.WriteStream): ReplayReporter {
  const bars = new cliProgress.MultiBar(
    {
      stream,
      format: 'replay |{bar}| {percentage}% | pass {pass} | {posts} posts | {rate} posts/s | {malformed} malformed | at {position}',
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | undefined;
  return {
    malformed(line, last) {
      bars.log(`${malformedText(line)}\n`);
      if (last) bars.log(`${MORE_MALFORMED}\n`);
    },
    notice(message) {
      bars.log(`replay: ${message}\n`);
    },
    progress(progress) {
      const payload = barPayload(progress);
      const total = Math.max(progress.totalBytes, 1);
      bar ??= bars.create(total, 0, payload);
      bar.setTotal(total);
      bar.update(Math.min(progress.bytesRead, total), payload);
    },
    finish(summary) {
      // stop() draws the bars but not the log buffer: redraw once so the last malformed lines are shown.
      bars.update();
      bars.stop();
      stream.write(`${formatSummary(summary)}\n`);
    },
  };
}

function barPayload(progress: ReplayProgress): Record<string, string | number> {
  return {
    pass: progress.pass + 1,
    posts: progress.postsProduced,
    rate: postsPerSecond(progress.postsProduced, progress.now - progress.startedAt),
    malformed: progress.malformedLines,
    position: progress.position === null ? '-' : new Date(progress.position).toISOString(),
  };
}

/** One log line every few seconds, for when nobody watches a terminal (CI, containers, pipes). */
export function createLogReporter(logger: Logger): ReplayReporter {
  let lastLoggedAt = Number.NEGATIVE_INFINITY;
  return {
    malformed(line, last) {
      logger.warn({ line: line.lineNumber, reason: line.reason }, malformedText(line));
      if (last) logger.warn(MORE_MALFORMED);
    },
    notice(message) {
      logger.warn(`replay: ${message}`);
    },
    progress(progress) {
      if (progress.now - lastLoggedAt < LOG_PROGRESS_EVERY_MS) return;
      lastLoggedAt = progress.now;
      const percent = progress.totalBytes > 0 ? Math.min(100, Math.floor((progress.bytesRead / progress.totalBytes) * 100)) : 0;
      const rate = postsPerSecond(progress.postsProduced, progress.now - progress.startedAt);
      const position = progress.position === null ? '-' : new Date(progress.position).toISOString();
      logger.info(
        { pass: progress.pass + 1, percent, postsProduced: progress.postsProduced, malformedLines: progress.malformedLines, postsPerSecond: rate, position },
        `replay: pass ${progress.pass + 1} ${percent}% read, ${progress.postsProduced} posts produced, ${rate} posts/s, at ${position}`,
      );
    },
    finish(summary) {
      const { malformed: _listed, ...figures } = summary;
      const log = summary.failure ? logger.error.bind(logger) : logger.info.bind(logger);
      log(figures, formatSummary(summary).replace(/\n\s*/gu, '; '));
    },
  };
}
