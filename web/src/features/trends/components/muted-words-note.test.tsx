import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { MutedWordsNote } from './muted-words-note';

describe('muted words note', () => {
  it('says how many words are hidden and unmutes one', async () => {
    const user = userEvent.setup();
    const onUnmute = vi.fn();
    render(<MutedWordsNote words={['monday', '#news']} onUnmute={onUnmute} />);
    await user.click(screen.getByText('2 muted words hidden'));
    await user.click(screen.getByRole('button', { name: 'Unmute #news' }));
    expect(onUnmute).toHaveBeenCalledWith('#news');
  });

  it('shows nothing when nothing is muted', () => {
    const { container } = render(<MutedWordsNote words={[]} onUnmute={() => undefined} />);
    expect(container.textContent).toBe('');
  });
});
