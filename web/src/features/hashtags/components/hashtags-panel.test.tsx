import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../lib/api-client';
import { createAdminTokenStore } from '../admin-token';
import type { FollowedHashtags } from '../hooks/use-followed-hashtags';
import { HashtagsPanel, type HashtagWriter } from './hashtags-panel';

function followedState(hashtags: string[]): FollowedHashtags {
  return { hashtags, adding: [], removing: [], error: undefined, loaded: true, markAdded: vi.fn(), markRemoved: vi.fn() };
}

function memoryStorage() {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  };
}

const refusal = new ApiError(401, 'unauthorized', 'A valid admin token is required (Authorization: Bearer <ADMIN_TOKEN>).');

describe('hashtags panel', () => {
  it('refuses a write without a token with the server message at the token field, then succeeds and keeps the token', async () => {
    const user = userEvent.setup();
    const storage = memoryStorage();
    const followed = followedState(['rust']);
    const writer: HashtagWriter = {
      follow: vi.fn((_tag: string, token: string) => (token === 'secret' ? Promise.resolve() : Promise.reject(refusal))),
      unfollow: vi.fn(() => Promise.resolve()),
    };
    render(<HashtagsPanel followed={followed} tokenStore={createAdminTokenStore(storage)} writer={writer} />);

    await user.type(screen.getByLabelText('Follow a hashtag'), 'fediverse');
    await user.click(screen.getByRole('button', { name: 'Follow' }));
    const tokenInput = screen.getByLabelText('Admin token');
    expect(await screen.findByText(/Enter the admin token to change hashtags\. A valid admin token is required/u)).toBeTruthy();
    expect(tokenInput.getAttribute('aria-invalid')).toBe('true');
    expect(writer.follow).toHaveBeenCalledWith('fediverse', '');
    expect(followed.markAdded).not.toHaveBeenCalled();

    await user.type(tokenInput, 'secret');
    await user.click(screen.getByRole('button', { name: 'Follow' }));
    expect(await screen.findByText('Now following #fediverse.')).toBeTruthy();
    expect(followed.markAdded).toHaveBeenCalledWith('fediverse');
    expect(storage.getItem('trendstream.adminToken')).toBe('secret');
    expect(screen.queryByLabelText('Admin token')).toBeNull();
    expect(screen.getByText('Admin token saved for this session.')).toBeTruthy();
  });

  it('removes a tag with the saved token, and forgets a token the server rejects', async () => {
    const user = userEvent.setup();
    const storage = memoryStorage();
    storage.setItem('trendstream.adminToken', 'old');
    const followed = followedState(['rust', 'go']);
    const writer: HashtagWriter = {
      follow: vi.fn(() => Promise.reject(refusal)),
      unfollow: vi.fn(() => Promise.resolve()),
    };
    render(<HashtagsPanel followed={followed} tokenStore={createAdminTokenStore(storage)} writer={writer} />);

    const list = screen.getByRole('list', { name: 'Followed hashtags' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['#goRemove', '#rustRemove']);
    await user.click(screen.getByRole('button', { name: 'Stop following #rust' }));
    expect(writer.unfollow).toHaveBeenCalledWith('rust', 'old');
    expect(followed.markRemoved).toHaveBeenCalledWith('rust');

    await user.type(screen.getByLabelText('Follow a hashtag'), 'java');
    await user.click(screen.getByRole('button', { name: 'Follow' }));
    expect(await screen.findByLabelText('Admin token')).toBeTruthy();
    expect(screen.getByText(/^The server refused this admin token\./u)).toBeTruthy();
    expect(storage.getItem('trendstream.adminToken')).toBeNull();
  });

  it('shows why writes are impossible when the server has no admin token configured', async () => {
    const user = userEvent.setup();
    const writer: HashtagWriter = {
      follow: () => Promise.reject(new ApiError(503, 'admin_disabled', 'Hashtag changes are disabled: set ADMIN_TOKEN on the processor.')),
      unfollow: () => Promise.resolve(),
    };
    render(<HashtagsPanel followed={followedState([])} tokenStore={createAdminTokenStore(memoryStorage())} writer={writer} />);
    await user.type(screen.getByLabelText('Admin token'), 'anything');
    await user.type(screen.getByLabelText('Follow a hashtag'), 'rust');
    await user.click(screen.getByRole('button', { name: 'Follow' }));
    expect(await screen.findByText('Hashtag changes are disabled: set ADMIN_TOKEN on the processor.')).toBeTruthy();
  });
});
