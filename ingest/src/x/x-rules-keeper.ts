import type { Logger } from 'pino';
import { delay } from '../sources/abortable-delay.js';
import { Backoff, type BackoffPolicy } from '../sources/backoff.js';
import { XApiError, type RuleError, type XApi } from './x-api.js';
import { ownedHashtag, planRules, type NewXRule } from './x-rules.js';

export interface XRulesKeeperDeps {
  api: Pick<XApi, 'listRules' | 'addRules' | 'deleteRules'>;
  /** The source's name, for log lines. */
  name: string;
  /** X_RULES. */
  baseRule: string | undefined;
  logger: Logger;
  now: () => number;
  random?: () => number;
  /** Retries of a failed rule change; X allows 100 rule changes per 15 minutes, so not too eager. */
  backoff?: BackoffPolicy;
  /** Aborted when the source stops or gives up. */
  signal: AbortSignal;
  /** X refused the token: the source gives up. */
  onUnauthorized: (error: XApiError) => void;
}

const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 5_000, maxMs: 320_000 };
/** Rules per request: well inside what X accepts, so one bad batch never holds many. */
const BATCH = 100;

/**
 * Keeps the filtered stream's rules equal to the followed hashtags, without touching the connection (X applies
 * rule changes to an open stream within seconds). One change at a time; a change that fails is retried with
 * backoff, and changes made meanwhile are folded into the retry. Rules it does not own are never deleted.
 */
export class XRulesKeeper {
  private followed = new Set<string>();
  private started = false;
  private dirty = false;
  private running: Promise<void> | undefined;
  private readonly backoff: Backoff;
  /** Rule values X refused (bad syntax): not sent again in this process. */
  private readonly refusedValues = new Map<string, string>();
  private readonly reported = new Set<string>();
  private foreignReported = -1;

  constructor(private readonly deps: XRulesKeeperDeps) {
    this.backoff = new Backoff(deps.backoff ?? DEFAULT_BACKOFF, deps.random);
  }

  follow(hashtags: Iterable<string>): void {
    this.followed = new Set(hashtags);
    this.kick();
  }

  start(): void {
    this.started = true;
    this.kick();
  }

  /** Resolves once no change is under way (after the signal aborted, promptly). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    if (!this.started || this.deps.signal.aborted) return;
    this.dirty = true;
    this.running ??= this.loop().finally(() => {
      this.running = undefined;
      // A change that came in while the loop was ending.
      if (this.dirty) this.kick();
    });
  }

  private async loop(): Promise<void> {
    const { logger, name, signal } = this.deps;
    while (this.dirty && !signal.aborted) {
      this.dirty = false;
      try {
        await this.syncOnce();
        this.backoff.reset();
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof XApiError && !error.retriable) {
          this.dirty = false;
          this.deps.onUnauthorized(error);
          return;
        }
        this.dirty = true;
        const backoffMs = this.backoff.next();
        const resetAt = error instanceof XApiError ? error.resetAt : undefined;
        const waitMs = resetAt === undefined ? backoffMs : Math.max(backoffMs, resetAt - this.deps.now());
        logger.warn(
          { err: error, waitMs },
          `${name}: could not update the filtered stream's rules (${(error as Error).message}); retrying in ${(waitMs / 1000).toFixed(1)} s`,
        );
        await delay(waitMs, signal);
      }
    }
  }

  private async syncOnce(): Promise<void> {
    const { api, signal, logger, name } = this.deps;
    const current = await api.listRules(signal);
    const plan = planRules(current, this.followed, { baseRule: this.deps.baseRule, refusedValues: this.refusedValues });
    for (const { hashtag, reason } of plan.refused) {
      if (this.reported.has(hashtag)) continue;
      this.reported.add(hashtag);
      logger.error(`${name}: #${hashtag} gets no filtered-stream rule: ${reason}; its X posts are not read`);
    }
    if (plan.foreign.length !== this.foreignReported && plan.foreign.length > 0) {
      logger.warn(
        { rules: plan.foreign.map((rule) => rule.value) },
        `${name}: ${plan.foreign.length} rule(s) on this X app were not made by Trendstream; they are left alone, and the posts only they match are read (and billed) but not ingested`,
      );
    }
    this.foreignReported = plan.foreign.length;
    for (let at = 0; at < plan.delete.length; at += BATCH) {
      for (const error of await api.deleteRules(plan.delete.slice(at, at + BATCH), signal)) {
        logger.warn(`${name}: X did not delete rule ${error.id ?? '?'}: ${error.title}${error.detail ? `: ${error.detail}` : ''}`);
      }
    }
    for (let at = 0; at < plan.add.length; at += BATCH) {
      const batch = plan.add.slice(at, at + BATCH);
      this.noteRefusals(batch, await api.addRules(batch, signal));
    }
    if (plan.add.length > 0 || plan.delete.length > 0) {
      const owned = [...this.followed].filter((tag) => !plan.refused.some((refusal) => refusal.hashtag === tag)).sort();
      logger.info(
        { added: plan.add.map((rule) => ownedHashtag(rule)), deleted: plan.delete.length },
        `${name}: filtered-stream rules now follow ${owned.map((tag) => `#${tag}`).join(', ') || 'no hashtag (nothing to stream)'}`,
      );
    }
  }

  /** A rule X would not add: a duplicate is fine (the value is there already); anything else is its syntax, so not retried. */
  private noteRefusals(batch: readonly NewXRule[], errors: readonly RuleError[]): void {
    for (const error of errors) {
      if (/duplicate/iu.test(error.title)) continue;
      const rule = batch.find((candidate) => candidate.value === error.value);
      if (!rule) {
        this.deps.logger.warn(`${this.deps.name}: X refused a rule change: ${error.title}${error.detail ? `: ${error.detail}` : ''}`);
        continue;
      }
      const reason = `X refused its rule "${rule.value}" (${error.title}${error.detail ? `: ${error.detail}` : ''}; check X_RULES)`;
      this.refusedValues.set(rule.value, reason);
      const hashtag = ownedHashtag(rule) ?? rule.value;
      this.reported.add(hashtag);
      this.deps.logger.error(`${this.deps.name}: #${hashtag} gets no filtered-stream rule: ${reason}; its X posts are not read`);
    }
  }
}
