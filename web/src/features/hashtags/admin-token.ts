/**
 * The admin token, kept in sessionStorage: asked once, forgotten when the tab closes, never in the URL or
 * in localStorage. Storage is injected so tests and private modes (where it throws) behave.
 */
const KEY = 'trendstream.adminToken';

export interface AdminTokenStore {
  get(): string;
  set(token: string): void;
  clear(): void;
}

export function createAdminTokenStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null): AdminTokenStore {
  let memory = '';
  return {
    get() {
      try {
        return storage?.getItem(KEY) ?? memory;
      } catch {
        return memory;
      }
    },
    set(token) {
      memory = token;
      try {
        storage?.setItem(KEY, token);
      } catch {
        // Storage disabled: the token lives in memory for this page only.
      }
    },
    clear() {
      memory = '';
      try {
        storage?.removeItem(KEY);
      } catch {
        // nothing stored
      }
    },
  };
}
