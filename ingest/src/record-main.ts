import { createCliLogger } from '@trendstream/runtime/logger';
import { runMain, type MainContext } from '@trendstream/runtime/run-main';
import { loadRecordConfig } from './config.js';
import { parseRecordArgs, RECORD_USAGE } from './record/record-args.js';
import { RecordError, recordLive, type RecordProgress, type RecordSummary } from './record/recorder.js';
import { loadDotEnv } from './dot-env.js';

/** `npm run record -- FILE [--duration 10m] [--tag TAG]... [--force]`. Exit: 0 recorded, 1 failed, 2 bad input. */
async function main(argv: string[], { signal }: MainContext): Promise<number> {
  loadDotEnv();
  const args = parseRecordArgs(argv);
  if (!args.ok) {
    console.error(`record: ${args.error}\n${RECORD_USAGE}`);
    return 2;
  }
  if ('help' in args) {
    console.log(RECORD_USAGE);
    return 0;
  }
  const config = loadRecordConfig(process.env);
  // Logs go to stderr below the progress line; info would repeat what the progress line shows.
  const logger = createCliLogger('record', config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  signal.addEventListener('abort', () => console.error(`\n${String(signal.reason)}: finishing the file...`), { once: true });
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  const onProgress = (progress: RecordProgress): void => {
    if (tty) {
      process.stderr.write(`\r${progressLine(progress, args.value.durationMs)}\u001b[K`);
    } else if (progress.elapsedMs - lastLine >= 10_000) {
      lastLine = progress.elapsedMs;
      console.error(progressLine(progress, args.value.durationMs));
    }
  };
  try {
    const summary = await recordLive({ config, args: args.value, logger, signal, onProgress });
    if (tty) process.stderr.write('\n');
    for (const line of summaryLines(summary)) console.log(line);
    if (summary.nothingReadable) {
      console.error('record: no instance could be read (see the errors above); nothing was recorded');
      return 1;
    }
    return 0;
  } catch (error) {
    if (error instanceof RecordError) {
      console.error(`record: ${error.message}`);
      return error.exitCode;
    }
    console.error(`record: ${(error as Error).message}`);
    return 1;
  }
}

function progressLine(progress: RecordProgress, durationMs: number | undefined): string {
  const seconds = progress.elapsedMs / 1000;
  const rate = seconds > 0 ? (progress.written / seconds).toFixed(1) : '0.0';
  const of = durationMs ? ` of ${formatDuration(durationMs)}` : '';
  const states = progress.instances.map((instance) => `${instance.instance} ${instance.state}`).join(', ');
  return `${formatDuration(progress.elapsedMs)}${of}: ${progress.written} statuses (${rate}/s, ${formatBytes(progress.bytes)}) | ${states}`;
}

function summaryLines(summary: RecordSummary): string[] {
  return [
    `recorded ${summary.written} statuses to ${summary.file} (${formatBytes(summary.bytes)}) in ${formatDuration(summary.elapsedMs)}`,
    ...summary.instances.map((instance) => `  ${instance.instance}: ${instance.state}${instance.detail ? ` (${instance.detail})` : ''}`),
    `  skipped: ${summary.duplicates} duplicates, ${summary.optedOut} opted-out authors, ${summary.invalid} invalid, ${summary.skippedEvents} deletes/edits; dropped (disk too slow): ${summary.dropped}`,
    `  replay it with: npm run replay -- ${summary.file}`,
  ];
}

function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours}h${String(minutes).padStart(2, '0')}m` : minutes > 0 ? `${minutes}m${String(seconds).padStart(2, '0')}s` : `${seconds}s`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} kB`;
}

runMain('record', (context) => main(process.argv.slice(2), context), { secondSignalExitCode: 1 });
