import type { Logger } from 'pino';
import type { InstanceHealth } from '@trendstream/contracts/api-types';
import { DEFAULT_DEDUPE_CAPACITY, DEFAULT_DEDUPE_TTL_MS, type RecordEnv } from '../config.js';
import { createLiveSources } from '../mastodon/live-sources.js';
import { PostSink } from '../sources/post-sink.js';
import { createIngestMetrics } from '../metrics.js';
import type { RecordArgs } from './record-args.js';
import { JsonlFileOutput } from './jsonl-file-output.js';

/** A problem the person running `record` can fix; the message says how. */
export class RecordError extends Error {
  constructor(
    message: string,
    /** 2 for input the person must change (arguments, configuration), 1 otherwise. */
    readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = 'RecordError';
  }
}

export interface RecordProgress {
  elapsedMs: number;
  written: number;
  bytes: number;
  instances: InstanceHealth[];
}

export interface RecordSummary extends RecordProgress {
  file: string;
  duplicates: number;
  optedOut: number;
  invalid: number;
  dropped: number;
  /** Deletes and edits seen, which the replay format does not hold. */
  skippedEvents: number;
  /** True when no instance could be read at all (every one unauthorized or disabled). */
  nothingReadable: boolean;
}

export interface RecordDeps {
  config: RecordEnv;
  args: RecordArgs;
  logger: Logger;
  now?: () => number;
  /** Aborting it (Ctrl-C) ends the recording early; the file is still closed cleanly. */
  signal: AbortSignal;
  onProgress?: (progress: RecordProgress) => void;
  progressEveryMs?: number;
}

/**
 * `record`: the live sources of the ingest (same discovery, streaming, gap fill, dedupe and opt-out
 * rules), writing to a file instead of Kafka, so a recording replays as the live run would have counted.
 */
export async function recordLive(deps: RecordDeps): Promise<RecordSummary> {
  const now = deps.now ?? Date.now;
  if (deps.config.MASTODON_INSTANCES.length === 0) throw new RecordError('MASTODON_INSTANCES is empty: set the instances to record (docs/sources.md)', 2);
  const output = await JsonlFileOutput.create(deps.args.file, { force: deps.args.force }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EEXIST'
      ? new RecordError(`${deps.args.file} exists; pass --force to overwrite it`, 2)
      : new RecordError(`cannot write ${deps.args.file}: ${error.message}`, 1);
  });
  const metrics = createIngestMetrics();
  const { supervisors } = createLiveSources({
    config: deps.config,
    posts: new PostSink({ output, dedupeCapacity: DEFAULT_DEDUPE_CAPACITY, dedupeTtlMs: DEFAULT_DEDUPE_TTL_MS, now }),
    dedupeCapacity: DEFAULT_DEDUPE_CAPACITY,
    dedupeTtlMs: DEFAULT_DEDUPE_TTL_MS,
    metrics,
    logger: deps.logger,
    now,
  });
  const started = now();
  const progress = (): RecordProgress => ({
    elapsedMs: now() - started,
    written: output.written,
    bytes: output.bytes,
    instances: supervisors.map((s) => s.health),
  });

  for (const supervisor of supervisors) {
    supervisor.setHashtags(deps.args.tags);
    void supervisor.start();
  }
  const timer = setInterval(() => deps.onProgress?.(progress()), deps.progressEveryMs ?? 1000);
  try {
    await new Promise<void>((resolve) => {
      let until: NodeJS.Timeout | undefined;
      const finish = (): void => {
        clearTimeout(until);
        deps.signal.removeEventListener('abort', finish);
        resolve();
      };
      if (deps.signal.aborted) return finish();
      deps.signal.addEventListener('abort', finish, { once: true });
      if (deps.args.durationMs !== undefined) until = setTimeout(finish, deps.args.durationMs);
      // Nothing more can come once every instance has stopped on its own (refused, disabled).
      void Promise.all(supervisors.map((supervisor) => supervisor.start())).then(finish);
    });
  } finally {
    clearInterval(timer);
    await Promise.all(supervisors.map((supervisor) => supervisor.stop()));
    await output.close();
  }
  const counters = await metrics.registry.getMetricsAsJSON();
  const total = (name: string): number => counters.find((metric) => metric.name === name)?.values.reduce((sum, value) => sum + value.value, 0) ?? 0;
  const instances = supervisors.map((supervisor) => supervisor.health);
  return {
    ...progress(),
    instances,
    file: deps.args.file,
    duplicates: total('ingest_duplicates_skipped_total'),
    optedOut: total('ingest_opted_out_skipped_total'),
    invalid: total('ingest_invalid_statuses_total'),
    dropped: output.dropped,
    skippedEvents: output.skipped,
    nothingReadable: instances.every((instance) => instance.state === 'unauthorized' || instance.state === 'disabled'),
  };
}
