import { describe, expect, it, vi } from 'vitest';
import { createAdminTokenStore } from './admin-token';
import { adoptAdminTokenFromAddress, takeAdminToken } from './admin-token-link';

describe('admin token from the link', () => {
  it('takes a base64url token out of the fragment', () => {
    expect(takeAdminToken('#admin-token=Ab-9_xYz')).toEqual({ token: 'Ab-9_xYz', rest: '' });
  });

  it('keeps whatever else the fragment holds, as it was written', () => {
    expect(takeAdminToken('#view=a%20b&admin-token=tok&x')).toEqual({ token: 'tok', rest: '#view=a%20b&x' });
    expect(takeAdminToken('#top')).toEqual({ token: null, rest: '#top' });
    expect(takeAdminToken('')).toEqual({ token: null, rest: '' });
  });

  it('ignores an empty token but still removes the parameter', () => {
    expect(takeAdminToken('#admin-token=&a=1')).toEqual({ token: null, rest: '#a=1' });
    expect(takeAdminToken('#admin-token')).toEqual({ token: null, rest: '' });
  });

  it('decodes a percent-encoded token and keeps a plain base64 one as is', () => {
    expect(takeAdminToken('#admin-token=a%2Bb').token).toBe('a+b');
    expect(takeAdminToken('#admin-token=a+b/c=').token).toBe('a+b/c=');
  });

  it('stores the token and rewrites the address without it, keeping path and query', () => {
    const storage = new Map<string, string>();
    const store = createAdminTokenStore({
      getItem: (key) => storage.get(key) ?? null,
      setItem: (key, value) => void storage.set(key, value),
      removeItem: (key) => void storage.delete(key),
    });
    const replaceState = vi.fn();
    const taken = adoptAdminTokenFromAddress(store, {
      location: { pathname: '/', search: '?window=1h', hash: '#admin-token=secret&keep' },
      history: { replaceState, state: null },
    });
    expect(taken).toBe(true);
    expect(store.get()).toBe('secret');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/?window=1h#keep');
  });

  it('leaves an address without a token alone', () => {
    const replaceState = vi.fn();
    const store = createAdminTokenStore(null);
    expect(adoptAdminTokenFromAddress(store, { location: { pathname: '/', search: '', hash: '#x' }, history: { replaceState, state: null } })).toBe(false);
    expect(replaceState).not.toHaveBeenCalled();
    expect(store.get()).toBe('');
  });
});
