import { describe, expect, it } from 'vitest';
import type { InstanceHealth } from '@trendstream/contracts/api-types';
import { createIngestMetrics } from '../../src/metrics.js';
import { SourceStatus } from '../../src/sources/source-status.js';

describe("a source's status", () => {
  function statusWithClock() {
    let now = Date.parse('2026-12-07T10:00:00.000Z');
    const reports: InstanceHealth[] = [];
    const metrics = createIngestMetrics();
    const status = new SourceStatus({ name: 'jetstream.test', network: 'bluesky', metrics, now: () => now, onHealth: (health) => reports.push(health) });
    return { status, reports, metrics, advance: (ms: number) => (now += ms) };
  }

  it('reports each change of state or detail once, with its network, and sets the state metric', async () => {
    const { status, reports, metrics } = statusWithClock();
    status.set('streaming');
    status.set('streaming');
    status.set('backing-off', 'connection failed');
    expect(reports.map((report) => [report.state, report.detail, report.network])).toEqual([
      ['streaming', undefined, 'bluesky'],
      ['backing-off', 'connection failed', 'bluesky'],
    ]);
    const gauge = await metrics.instanceState.get();
    expect(gauge.values.filter((value) => value.value === 1).map((value) => value.labels.state)).toEqual(['backing-off']);
  });

  it('keeps the reason a source gave up for visible after it is stopped', () => {
    const { status } = statusWithClock();
    status.set('unauthorized', 'the token was refused');
    status.set('stopped');
    expect(status.health).toMatchObject({ state: 'unauthorized', detail: 'the token was refused' });
  });

  it('measures what it received per second since it was last asked', () => {
    const { status, advance } = statusWithClock();
    status.countReceived(30);
    advance(10_000);
    expect(status.takeRate()).toBe(3);
    advance(5_000);
    expect(status.takeRate()).toBe(0);
  });
});
