import type { Logger } from 'pino';
import type { InstanceHealth } from '@trendstream/contracts/api-types';
import { DEFAULT_DEDUPE_CAPACITY, DEFAULT_DEDUPE_TTL_MS, type RecordEnv } from '../config.js';
import { createLiveSources } from '../mastodon/live-sources.js';
import { createBlueskySources } from '../bluesky/bluesky-sources.js';
import type { LiveSource } from '../sources/live-source.js';
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
  const { MASTODON_INSTANCES, BLUESKY_JETSTREAM_URL } = deps.config;
  if (MASTODON_INSTANCES.length === 0 && BLUESKY_JETSTREAM_URL === undefined) {
    throw new RecordError('nothing to record: set MASTODON_INSTANCES or BLUESKY_JETSTREAM_URL (docs/sources.md; X is not recorded)', 2);
  }
  const output = await JsonlFileOutput.create(deps.args.file, { force: deps.args.force }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EEXIST'
      ? new RecordError(`${deps.args.file} exists; pass --force to overwrite it`, 2)
      : new RecordError(`cannot write ${deps.args.file}: ${error.message}`, 1);
  });
  const metrics = createIngestMetrics();
  const shared = {
    posts: new PostSink({ output, dedupeCapacity: DEFAULT_DEDUPE_CAPACITY, dedupeTtlMs: DEFAULT_DEDUPE_TTL_MS, now }),
    metrics,
    logger: deps.logger,
    now,
  };
  const { supervisors } = createLiveSources({ ...shared, config: deps.config, dedupeCapacity: DEFAULT_DEDUPE_CAPACITY, dedupeTtlMs: DEFAULT_DEDUPE_TTL_MS });
  // Not X: its rules are the app's, shared with the live ingest, and a recording would replace them (recordEnvSchema).
  const sources: LiveSource[] = [...supervisors, ...createBlueskySources({ ...shared, config: deps.config })];
  const started = now();
  const progress = (): RecordProgress => ({
    elapsedMs: now() - started,
    written: output.written,
    bytes: output.bytes,
    instances: sources.map((source) => source.health),
  });

  for (const source of sources) {
    source.setHashtags(deps.args.tags);
    void source.start();
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
      void Promise.all(sources.map((source) => source.start())).then(finish);
    });
  } finally {
    clearInterval(timer);
    await Promise.all(sources.map((source) => source.stop()));
    await output.close();
  }
  const counters = await metrics.registry.getMetricsAsJSON();
  const total = (name: string): number => counters.find((metric) => metric.name === name)?.values.reduce((sum, value) => sum + value.value, 0) ?? 0;
  const instances = sources.map((source) => source.health);
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
