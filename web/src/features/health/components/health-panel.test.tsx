import type { HealthResponse } from '@trendstream/contracts/api-types';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { HealthPanel, LATE_POSTS_HELP } from './health-panel';

const health: HealthResponse = {
  status: 'ok',
  kafka: 'up',
  mysql: 'up',
  consumerLag: 0,
  watermark: '2026-01-01T00:00:00.000Z',
  watermarkAgeSeconds: 3,
  postsPerSecond: 12,
  latePosts: 1234,
  deadLetters: 0,
  replay: false,
  instances: [],
};

describe('status panel', () => {
  it('explains late posts on demand, from the keyboard too', async () => {
    const user = userEvent.setup();
    render(<HealthPanel health={health} error={undefined} />);
    const help = screen.getByRole('button', { name: 'What are late posts?' });
    expect(help.getAttribute('aria-expanded')).toBe('false');
    const text = screen.getByText(LATE_POSTS_HELP);
    expect(text.hidden).toBe(true);
    expect(help.getAttribute('aria-controls')).toBe(text.id);
    help.focus();
    await user.keyboard('{Enter}');
    expect(help.getAttribute('aria-expanded')).toBe('true');
    expect(text.hidden).toBe(false);
    expect(text.textContent).toContain('--shift-to-now');
  });

  it('shows a source whose last report is stale as silent, not in the state it last reported', () => {
    const updatedAt = '2026-01-01T00:00:00.000Z';
    const instances: HealthResponse['instances'] = [
      { instance: 'gone.example', state: 'streaming', postsPerSecond: 7.5, updatedAt, stale: true, reportAgeSeconds: 125 },
      { instance: 'live.example', state: 'streaming', postsPerSecond: 4.2, updatedAt, stale: false, reportAgeSeconds: 12 },
      { instance: 'shut-down.example', state: 'stopped', updatedAt, stale: false, reportAgeSeconds: 3600 },
    ];
    render(<HealthPanel health={{ ...health, status: 'degraded', instances }} error={undefined} />);
    const sources = within(screen.getByRole('table', { name: 'Sources' }));

    const gone = within(sources.getByRole('row', { name: /gone\.example/u }));
    expect(gone.getByText('No report for 2 min 5 s — ingest down?')).toBeTruthy();
    expect(gone.getByText('No report')).toBeTruthy();
    expect(gone.queryByText('Streaming')).toBeNull();
    expect(gone.queryByText('7.5')).toBeNull();

    const live = within(sources.getByRole('row', { name: /live\.example/u }));
    expect(live.getByText('Streaming')).toBeTruthy();
    expect(live.getByText('4.2')).toBeTruthy();
    expect(live.queryByText(/ingest down/u)).toBeNull();

    // Stopped on purpose: no more reports are due, so it is not silent however old its last one.
    const stopped = within(sources.getByRole('row', { name: /shut-down\.example/u }));
    expect(stopped.getByText('Stopped')).toBeTruthy();
    expect(stopped.queryByText(/ingest down/u)).toBeNull();
  });

  it('names the network of each source that says it', () => {
    const updatedAt = '2026-01-01T00:00:00.000Z';
    const instances: HealthResponse['instances'] = [
      { instance: 'jetstream2.us-east.bsky.network', network: 'bluesky', state: 'streaming', postsPerSecond: 31, updatedAt },
      { instance: 'fosstodon.org', network: 'mastodon', state: 'streaming', postsPerSecond: 2, updatedAt },
      { instance: 'old-ingest.example', state: 'streaming', updatedAt },
    ];
    render(<HealthPanel health={{ ...health, instances }} error={undefined} />);
    const sources = within(screen.getByRole('table', { name: 'Sources' }));
    expect(within(sources.getByRole('row', { name: /bsky\.network/u })).getByText('Bluesky')).toBeTruthy();
    expect(within(sources.getByRole('row', { name: /fosstodon\.org/u })).getByText('Mastodon')).toBeTruthy();
    const old = within(sources.getByRole('row', { name: /old-ingest\.example/u }));
    expect(old.queryByText('Mastodon')).toBeNull();
  });

  it('says a stale source is silent even when its report carries no age', () => {
    const instances: HealthResponse['instances'] = [{ instance: 'gone.example', state: 'polling', updatedAt: 'unknown', stale: true }];
    render(<HealthPanel health={{ ...health, instances }} error={undefined} />);
    expect(screen.getByRole('row', { name: /gone\.example/u }).textContent).toContain('No recent report — ingest down?');
  });
});
