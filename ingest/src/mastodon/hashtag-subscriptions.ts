import { parseHashtag } from '@trendstream/contracts/hashtag';
import type { Channel, ChannelKey } from './channel.js';
import type { FeedPlan } from './feed-plan.js';
import type { InstanceScope } from './supervisor-settings.js';

export type ReadPlan = Extract<FeedPlan, { kind: 'read' }>;

/** A hashtag subscription answered by an error frame this soon is taken to be the one the server refused. */
export const REFUSAL_WINDOW_MS = 2_000;

export interface HashtagChange {
  /** The tags to read: valid, normalized, sorted, at most the limit. */
  wanted: string[];
  /** Tags read before and not now: their channels are unsubscribed and their read positions forgotten. */
  removed: string[];
  /** Refused tags that are still followed (one unfollowed is forgotten, so following it anew tries it again). */
  refused: string[];
  /** Tags that are not valid, normalized hashtags, with why: never subscribed. */
  rejected: { tag: string; reason: string }[];
  /** How many valid tags are followed, when more than the limit (the rest are not read). */
  overLimit: number | undefined;
}

/** Which hashtags to read, given the followed set, those read now, those the instance refused and the limit. Pure. */
export function changeHashtags(followed: Iterable<string>, current: readonly string[], refused: Iterable<string>, max: number): HashtagChange {
  const valid: string[] = [];
  const rejected: HashtagChange['rejected'] = [];
  for (const tag of [...new Set(followed)].sort()) {
    const check = parseHashtag(tag);
    if (!check.ok || check.tag !== tag) rejected.push({ tag, reason: check.ok ? 'not normalized' : check.reason });
    else valid.push(tag);
  }
  const wanted = valid.slice(0, max);
  return {
    wanted,
    removed: current.filter((tag) => !wanted.includes(tag)),
    refused: [...refused].filter((tag) => valid.includes(tag)),
    rejected,
    overLimit: valid.length > max ? valid.length : undefined,
  };
}

/**
 * The tags an error frame refuses. It does not say which subscription it answers; Mastodon sends one for a
 * subscription it cannot serve, so the hashtags subscribed within REFUSAL_WINDOW_MS before it are set aside
 * (the timeline channel and the other tags come back on the next session). Pure.
 */
export function refusedByErrorFrame(subscribedAt: ReadonlyMap<ChannelKey, number>, now: number): string[] {
  const tags: string[] = [];
  for (const [key, at] of subscribedAt) {
    if (key.startsWith('hashtag:') && now - at <= REFUSAL_WINDOW_MS) tags.push(key.slice('hashtag:'.length));
  }
  return tags;
}

/** The channels to read, given the feed plan (none before it) and the hashtags read and refused. Pure. */
export function planChannels(plan: ReadPlan | undefined, wanted: readonly string[], refused: ReadonlySet<string>): Channel[] {
  if (!plan) return [];
  const channels: Channel[] = plan.main ? [{ kind: plan.main }] : [];
  if (plan.hashtags) {
    const only = plan.hashtagHalf;
    for (const tag of wanted) if (!refused.has(tag)) channels.push(only ? { kind: 'hashtag', tag, only } : { kind: 'hashtag', tag });
  }
  return channels;
}

export interface HashtagSubscriptionsDeps extends InstanceScope {
  maxHashtags: number;
}

/** The followed hashtags of one instance: which are read, which it refused, and when each was last subscribed. */
export class HashtagSubscriptions {
  private wanted: string[] = [];
  /** Tags the instance refused with an error frame; skipped until they are followed again. */
  private readonly refused = new Set<string>();
  private readonly subscribedAt = new Map<ChannelKey, number>();

  constructor(private readonly deps: HashtagSubscriptionsDeps) {}

  /** Takes the followed set (normalized); returns the tags no longer read. */
  set(followed: Iterable<string>): string[] {
    const { host, metrics, logger, maxHashtags } = this.deps;
    const change = changeHashtags(followed, this.wanted, this.refused, maxHashtags);
    for (const { tag, reason } of change.rejected) {
      metrics.rejectedHashtags.inc();
      logger.warn({ tag }, `${host}: not subscribing "${tag}": ${reason}`);
    }
    for (const tag of this.refused) if (!change.refused.includes(tag)) this.refused.delete(tag);
    if (change.overLimit !== undefined) {
      metrics.rejectedHashtags.inc(change.overLimit - maxHashtags);
      logger.warn(`${host}: ${change.overLimit} hashtags followed, subscribing the first ${maxHashtags} (MASTODON_MAX_HASHTAGS)`);
    }
    this.wanted = change.wanted;
    return change.removed;
  }

  isWanted(tag: string): boolean {
    return this.wanted.includes(tag);
  }

  channels(plan: ReadPlan | undefined): Channel[] {
    return planChannels(plan, this.wanted, this.refused);
  }

  /** A `subscribe` for the channel went out. */
  subscribed(key: ChannelKey): void {
    this.subscribedAt.set(key, this.deps.now());
  }

  /** The session ended on an error frame: sets aside the hashtags subscribed just before it (one warning each). */
  refuseRecent(detail: string): void {
    for (const tag of refusedByErrorFrame(this.subscribedAt, this.deps.now())) {
      this.refused.add(tag);
      this.deps.metrics.rejectedHashtags.inc();
      this.deps.logger.warn(`${this.deps.host}: refused the subscription to #${tag} (${detail}); not subscribing it again until it is followed anew`);
    }
    this.subscribedAt.clear();
  }
}
