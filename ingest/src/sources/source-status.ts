import type { InstanceHealth, InstanceState } from '@trendstream/contracts/api-types';
import type { Network } from '@trendstream/contracts/post';
import { setInstanceState, type IngestMetrics } from '../metrics.js';

export interface SourceStatusDeps {
  name: string;
  network: Network;
  metrics: IngestMetrics;
  now: () => number;
  /** Told on every change of state or detail (the app publishes it to `ingest.status`). */
  onHealth?: (health: InstanceHealth) => void;
}

/** A source's state, its health record and its receive rate: the bookkeeping every adapter needs alike. */
export class SourceStatus {
  private current: InstanceState = 'starting';
  private detail: string | undefined;
  private received = 0;
  private rateWindowStart: number;

  constructor(private readonly deps: SourceStatusDeps) {
    this.rateWindowStart = deps.now();
    setInstanceState(deps.metrics, deps.name, 'starting');
  }

  get state(): InstanceState {
    return this.current;
  }

  get health(): InstanceHealth {
    return {
      instance: this.deps.name,
      network: this.deps.network,
      state: this.current,
      ...(this.detail ? { detail: this.detail } : {}),
      updatedAt: new Date(this.deps.now()).toISOString(),
    };
  }

  set(state: InstanceState, detail?: string): void {
    if (state === this.current && detail === this.detail) return;
    // Keep the reason visible after shutdown: `stopped` would hide what needs fixing.
    if ((this.current === 'unauthorized' || this.current === 'disabled') && state === 'stopped') return;
    this.current = state;
    this.detail = detail;
    setInstanceState(this.deps.metrics, this.deps.name, state);
    this.deps.onHealth?.(this.health);
  }

  countReceived(count = 1): void {
    this.received += count;
  }

  /** Things received per second since the previous call. */
  takeRate(): number {
    const now = this.deps.now();
    const seconds = Math.max(0.001, (now - this.rateWindowStart) / 1000);
    const rate = this.received / seconds;
    this.received = 0;
    this.rateWindowStart = now;
    return Math.round(rate * 100) / 100;
  }
}
