import type { HealthResponse } from '@trendstream/contracts/api-types';
import { render, screen } from '@testing-library/react';
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
});
