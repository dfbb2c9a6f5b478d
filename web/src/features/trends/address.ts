/**
 * The view lives in the address so a reload or a shared link shows the same thing. Several hooks own a few
 * parameters each; every write keeps the parameters (and the fragment) it does not own.
 */
export function withParams(search: string, changes: Record<string, string | undefined>): string {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') params.delete(key);
    else params.set(key, value);
  }
  // Commas separate compared words; `?compare=a,b` reads better than `a%2Cb` and means the same.
  const text = params.toString().replace(/%2C/gu, ',');
  return text ? `?${text}` : '';
}

/** Replaces the query in the address bar (no new history entry), keeping path and fragment. */
export function replaceSearch(search: string): void {
  if (search === window.location.search) return;
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
}
