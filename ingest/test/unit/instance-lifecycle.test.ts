import { describe, expect, it } from 'vitest';
import type { InstanceHealth } from '@trendstream/contracts/api-types';
import { InstanceLifecycle } from '../../src/mastodon/instance-lifecycle.js';
import { createIngestMetrics } from '../../src/metrics.js';
import { captureLogs, ERROR } from '../support/log-capture.js';

function lifecycle() {
  const { logger, lines } = captureLogs('info');
  const reports: InstanceHealth[] = [];
  const lifecycle = new InstanceLifecycle({
    host: 'm.example',
    metrics: createIngestMetrics(),
    logger,
    now: () => Date.parse('2026-12-07T10:00:00.000Z'),
    backoff: { initialMs: 1_000, maxMs: 8_000 },
    random: () => 1,
    onHealth: (health) => reports.push(health),
  });
  return { lifecycle, lines, reports };
}

describe("an instance's lifecycle", () => {
  it('backs off in the backing-off state, saying why and for how long, and returns at once once stopped', async () => {
    const { lifecycle: instance, lines, reports } = lifecycle();
    instance.stop();
    await instance.backOff('polling failed: HTTP 503');
    expect(reports.map((report) => [report.state, report.detail])).toEqual([['backing-off', 'polling failed: HTTP 503']]);
    expect(lines.map((line) => line.msg)).toEqual(['m.example: polling failed: HTTP 503; retrying in 1000 ms']);
    expect(instance.stopped).toBe(true);
  });

  it('ends in unauthorized with one error line naming the settings to fix, its detail without the host', () => {
    const { lifecycle: instance, lines } = lifecycle();
    instance.unauthorized('the streaming server refused the token (401 Unauthorized)');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: ERROR, instance: 'm.example', state: 'unauthorized' });
    expect(lines[0]?.msg).toMatch(
      /^m\.example: the streaming server refused the token \(401 Unauthorized\)\. Create a user access token .*MASTODON_TOKENS=m\.example=<token>/u,
    );
    expect(instance.status.health).toMatchObject({ state: 'unauthorized' });
    expect(instance.status.health.detail).toMatch(/^the streaming server refused the token/u);
  });

  it('keeps a terminal state visible once stopped', () => {
    const { lifecycle: instance } = lifecycle();
    instance.terminal('disabled', 'm.example: its live and hashtag feeds are disabled');
    instance.status.set('stopped');
    expect(instance.status.health).toMatchObject({ state: 'disabled', detail: 'its live and hashtag feeds are disabled' });
  });
});
