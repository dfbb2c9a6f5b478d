import type { MastodonEnv } from '../config.js';
import type { SourceDeps } from '../sources/live-source.js';
import { InstanceSupervisor, type SupervisorSettings } from './instance-supervisor.js';
import { parseTokenEntries, resolveInstanceTargets } from './instance-target.js';
import { StatusSink } from './status-sink.js';

/** `posts` is the Kafka queue's sink in the live worker, a file's in `record`. */
export interface LiveSourcesDeps extends SourceDeps {
  config: MastodonEnv;
  /** Bounds of the instance id -> URI memory deletes need. */
  dedupeCapacity: number;
  dedupeTtlMs: number;
}

export interface LiveSources {
  supervisors: InstanceSupervisor[];
}

export function supervisorSettings(config: MastodonEnv): SupervisorSettings {
  return {
    timeline: config.MASTODON_TIMELINE,
    transport: config.MASTODON_TRANSPORT,
    stallTimeoutMs: config.MASTODON_STALL_TIMEOUT_MS,
    backoff: { initialMs: config.MASTODON_BACKOFF_INITIAL_MS, maxMs: config.MASTODON_BACKOFF_MAX_MS },
    pollIntervalMs: config.MASTODON_POLL_INTERVAL_MS,
    requestTimeoutMs: config.MASTODON_REQUEST_TIMEOUT_MS,
    gapFillDelayMs: config.MASTODON_GAP_FILL_DELAY_MS,
    gapFillMarginMs: config.MASTODON_GAP_FILL_MARGIN_MS,
    gapFillMaxPages: config.MASTODON_GAP_FILL_MAX_PAGES,
    maxHashtags: config.MASTODON_MAX_HASHTAGS,
    auditIntervalMs: config.MASTODON_AUDIT_INTERVAL_MS,
    auditGraceMs: config.MASTODON_AUDIT_GRACE_MS,
  };
}

/** One supervisor per configured instance, all feeding one deduping sink. Nothing runs until start(). */
export function createLiveSources(deps: LiveSourcesDeps): LiveSources {
  const { config, metrics, logger } = deps;
  const sink = new StatusSink({
    posts: deps.posts,
    skipOptedOut: config.MASTODON_SKIP_OPTED_OUT,
    dedupeCapacity: deps.dedupeCapacity,
    dedupeTtlMs: deps.dedupeTtlMs,
    now: deps.now,
    onOutcome: (outcome, event, origin, reason) => {
      if (outcome === 'duplicate') metrics.duplicates.inc();
      else if (outcome === 'opted-out') metrics.optedOut.inc();
      else if (outcome === 'unknown') metrics.deletesUnknown.inc();
      else if (outcome === 'invalid') {
        metrics.invalid.inc({ instance: origin.instance });
        logger.debug({ instance: origin.instance, event, reason }, 'not a valid status');
      }
    },
  });
  const tokens = parseTokenEntries(config.MASTODON_TOKENS);
  const targets = resolveInstanceTargets(config.MASTODON_INSTANCES, config.MASTODON_ACCESS_TOKEN, tokens.ok ? tokens.tokens : new Map());
  const settings = supervisorSettings(config);
  const supervisors = targets.map(
    (target) =>
      new InstanceSupervisor({
        target,
        settings,
        sink,
        metrics,
        logger: logger.child({ instance: target.host }),
        now: deps.now,
        random: deps.random,
        onHealth: deps.onHealth,
      }),
  );
  return { supervisors };
}
