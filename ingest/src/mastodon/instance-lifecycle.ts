import type { InstanceHealth } from '@trendstream/contracts/api-types';
import { delay } from '../sources/abortable-delay.js';
import { Backoff, type BackoffPolicy } from '../sources/backoff.js';
import { SourceStatus } from '../sources/source-status.js';
import type { InstanceScope } from './supervisor-settings.js';

export interface LifecycleDeps extends InstanceScope {
  backoff: BackoffPolicy;
  random?: () => number;
  onHealth?: (status: InstanceHealth) => void;
}

/**
 * The state of one instance's reader and the moves every part of it makes alike: back off (jittered, capped)
 * and retry, or give up in a terminal state that only a configuration change can leave. Also holds the stop
 * signal every request and wait of the instance listens to.
 */
export class InstanceLifecycle {
  readonly status: SourceStatus;
  readonly backoff: Backoff;
  private readonly stopping = new AbortController();

  constructor(private readonly deps: LifecycleDeps) {
    this.backoff = new Backoff(deps.backoff, deps.random);
    this.status = new SourceStatus({ name: deps.host, network: 'mastodon', metrics: deps.metrics, now: deps.now, onHealth: deps.onHealth });
  }

  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  get stopped(): boolean {
    return this.stopping.signal.aborted;
  }

  stop(): void {
    this.stopping.abort();
  }

  async backOff(reason: string): Promise<void> {
    const wait = this.backoff.next();
    this.status.set('backing-off', reason);
    this.deps.logger.warn({ waitMs: wait, attempt: this.backoff.attempts }, `${this.deps.host}: ${reason}; retrying in ${wait} ms`);
    await delay(wait, this.stopping.signal);
  }

  /** The instance refused us for want of a (user) token: terminal, with what to configure. */
  unauthorized(reason: string): void {
    const host = this.deps.host;
    this.terminal(
      'unauthorized',
      `${host}: ${reason}. Create a user access token with the read:statuses scope (Preferences > Development > New application, see docs/sources.md) and set MASTODON_TOKENS=${host}=<token> or MASTODON_ACCESS_TOKEN; not retrying until restart`,
    );
  }

  /** A state that only a configuration change can leave: one error line, no retry. */
  terminal(state: 'unauthorized' | 'disabled', message: string): void {
    this.deps.logger.error({ instance: this.deps.host, state }, message);
    this.status.set(state, message.slice(this.deps.host.length + 2));
  }
}
