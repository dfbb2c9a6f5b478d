/**
 * When `npm start` restarts an app that crashed: at once-ish at first, then backing off so a crash loop does
 * not spin, and from the start again once the app has stayed up for a while.
 */
export const RESTART_DELAYS_MS = [1_000, 2_000, 5_000, 10_000, 30_000] as const;
/** An app that ran this long before crashing starts its backoff over. */
export const STABLE_AFTER_MS = 60_000;

/** The delay before the next start, and the crash count to remember (`crashes` counts those in a row). */
export function nextRestart(crashes: number, ranForMs: number): { delayMs: number; crashes: number } {
  const inRow = ranForMs >= STABLE_AFTER_MS ? 1 : crashes + 1;
  return { delayMs: RESTART_DELAYS_MS[Math.min(inRow, RESTART_DELAYS_MS.length) - 1] ?? 30_000, crashes: inRow };
}
