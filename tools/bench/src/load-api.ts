import autocannon from 'autocannon';
import type { ProcessUsage } from './load-protocol.js';

export interface ApiRun {
  path: string;
  seconds: number;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  processor: ProcessUsage;
}

/** The API requests measured under load: the dashboard's own (5m, count) and the heavier ones. */
export const API_PATHS = ['/api/trends?window=5m', '/api/trends?window=1h', '/api/trends?window=5m&sort=score', '/api/trends?window=1h&sort=score'] as const;

/**
 * `connections` keep-alive connections sending `path` back to back for `seconds` (autocannon, in this
 * process); `usage` measures the processor over the same span.
 */
export async function loadApi(
  baseUrl: string,
  path: string,
  options: { seconds: number; connections: number; signal: AbortSignal },
  usage: { mark(): Promise<void>; read(): Promise<ProcessUsage> },
): Promise<ApiRun> {
  await usage.mark();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: `${baseUrl}${path}`, connections: options.connections, duration: options.seconds }, (error: unknown, done) => {
      options.signal.removeEventListener('abort', stop);
      if (error instanceof Error) reject(error);
      else if (error) reject(new Error(`autocannon failed on ${path}`));
      else resolve(done);
    });
    const stop = () => instance.stop();
    options.signal.addEventListener('abort', stop, { once: true });
  });
  const processor = await usage.read();
  return {
    path,
    seconds: result.duration,
    connections: options.connections,
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.total / Math.max(0.001, result.duration)),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    processor,
  };
}
