import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** What is awaited, for the message on timeout: "timed out after 20000 ms waiting for WHAT". */
  what: string;
  /** How long to keep checking; 20 s unless told. */
  timeoutMs?: number;
  /** How often to check; 100 ms unless told. */
  intervalMs?: number;
  /**
   * An error thrown by the condition normally counts as "not yet" (a database not migrated yet, a topic
   * without a leader), and the last one is named on timeout. With `stopOnError` it fails the wait at once:
   * for conditions that throw only when waiting longer is pointless (the process waited on has died).
   */
  stopOnError?: boolean;
}

/**
 * Checks `condition` until it returns a truthy value, and returns that value: tests wait for what they need,
 * never for a fixed time. Fails after `timeoutMs` with a message naming `what`.
 */
export async function waitFor<T>(condition: () => T | Promise<T>, options: WaitOptions): Promise<NonNullable<T>> {
  const { what, timeoutMs = 20_000, intervalMs = 100, stopOnError = false } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value;
    } catch (error) {
      if (stopOnError) throw error;
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError === undefined ? '' : `: ${lastError instanceof Error ? lastError.message : JSON.stringify(lastError)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}`, lastError === undefined ? {} : { cause: lastError });
    }
    await sleep(intervalMs);
  }
}
