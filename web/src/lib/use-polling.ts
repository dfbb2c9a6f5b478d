import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbort } from './api-client';

export interface Polled<T> {
  data: T | undefined;
  error: Error | undefined;
  /** When the last successful answer arrived (ms since epoch). */
  updatedAt: number | undefined;
  refresh: () => void;
}

/**
 * Calls `load` now and then every `intervalMs` (paused while the tab is hidden), keeping the last good answer
 * when a later call fails. A new `key` starts over; in-flight requests are aborted on change and unmount.
 */
export function usePolling<T>(key: string, load: (signal: AbortSignal) => Promise<T>, intervalMs: number): Polled<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: Error; updatedAt?: number }>({ key });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      if (document.visibilityState !== 'hidden') {
        try {
          const data = await loadRef.current(controller.signal);
          setState({ key, data, updatedAt: Date.now() });
        } catch (error) {
          if (isAbort(error)) return;
          setState((previous) => ({ ...(previous.key === key ? previous : { key }), error: error instanceof Error ? error : new Error(String(error)) }));
        }
      }
      if (!controller.signal.aborted) timer = setTimeout(() => void poll(), intervalMs);
    };
    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [key, intervalMs, generation]);

  const refresh = useCallback(() => setGeneration((value) => value + 1), []);
  const current = state.key === key ? state : { key };
  return { data: current.data, error: current.error, updatedAt: current.updatedAt, refresh };
}
