import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { WordActions, type WordActionsProps } from './word-actions';

function renderActions(props: Partial<WordActionsProps>) {
  const handlers = { onCompare: vi.fn(), onUncompare: vi.fn(), onMute: vi.fn(), onUnmute: vi.fn() };
  render(<WordActions word="coffee" compared={[]} muted={false} {...handlers} {...props} />);
  return handlers;
}

describe('word actions', () => {
  it('adds to the comparison and mutes', async () => {
    const user = userEvent.setup();
    const handlers = renderActions({});
    await user.click(screen.getByRole('button', { name: 'Add to comparison' }));
    await user.click(screen.getByRole('button', { name: 'Mute' }));
    expect(handlers.onCompare).toHaveBeenCalledWith('coffee');
    expect(handlers.onMute).toHaveBeenCalledWith('coffee');
  });

  it('offers the way back once done', async () => {
    const user = userEvent.setup();
    const handlers = renderActions({ compared: ['coffee'], muted: true });
    await user.click(screen.getByRole('button', { name: 'Remove from comparison' }));
    await user.click(screen.getByRole('button', { name: 'Unmute' }));
    expect(handlers.onUncompare).toHaveBeenCalledWith('coffee');
    expect(handlers.onUnmute).toHaveBeenCalledWith('coffee');
  });

  it('says why a sixth word cannot be compared', () => {
    renderActions({ compared: ['a', 'b', 'c', 'd', 'e'] });
    expect(screen.getByRole('button', { name: 'Add to comparison' })).toHaveProperty('disabled', true);
    expect(screen.getByText(/holds 5 words/u)).toBeTruthy();
  });
});
