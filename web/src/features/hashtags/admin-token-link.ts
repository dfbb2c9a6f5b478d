import type { AdminTokenStore } from './admin-token';

/**
 * `npm start` prints a dashboard link with the admin token in its fragment (`/#admin-token=<token>`): the
 * fragment never reaches a server or a log, and the page takes the token out of the address as soon as it
 * loads, so it is not kept in the history, a bookmark or a shared link.
 */
const PARAM = 'admin-token';

export interface HashToken {
  /** The token, or null when the fragment holds none (or an empty one). */
  token: string | null;
  /** The fragment without the token, `#…` or '' when nothing else was there. */
  rest: string;
}

/** Splits `#a=1&admin-token=T&b` into the token and the rest of the fragment, kept as it was written. */
export function takeAdminToken(hash: string): HashToken {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  let token: string | null = null;
  const kept: string[] = [];
  for (const part of body.split('&')) {
    if (part === PARAM || part.startsWith(`${PARAM}=`)) {
      const value = safeDecode(part.slice(PARAM.length + 1)).trim();
      if (value) token = value;
    } else if (part) {
      kept.push(part);
    }
  }
  return { token, rest: kept.length > 0 ? `#${kept.join('&')}` : '' };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export interface AddressBar {
  location: Pick<Location, 'pathname' | 'search' | 'hash'>;
  history: Pick<History, 'replaceState' | 'state'>;
}

/**
 * Stores a token found in the address and removes it from the address bar, keeping path, query and any other
 * fragment content. Returns whether a token was taken.
 */
export function adoptAdminTokenFromAddress(store: AdminTokenStore, { location, history }: AddressBar): boolean {
  if (!location.hash.includes(PARAM)) return false;
  const { token, rest } = takeAdminToken(location.hash);
  if (token) store.set(token);
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest}`);
  return token !== null;
}
