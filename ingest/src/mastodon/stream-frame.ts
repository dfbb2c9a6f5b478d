/**
 * One WebSocket frame of Mastodon's streaming API (https://docs.joinmastodon.org/methods/streaming/):
 * `{"stream":["public"],"event":"update","payload":"{...status JSON...}"}`. The payload is a JSON string,
 * except for `delete`, where it is the bare status id. A refused subscription is `{"error":"...","status":400}`:
 * that alone is an error. Anything else that is not an event frame is `invalid`, for the caller to skip (a
 * payload that is not a status is the caller's to judge).
 */
export type StreamFrame =
  | { kind: 'event'; stream: string[]; event: string; payload: string | undefined }
  | { kind: 'error'; error: string; status: number | undefined }
  | { kind: 'invalid'; reason: string };

export function parseStreamFrame(data: string): StreamFrame {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { kind: 'invalid', reason: 'frame is not JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { kind: 'invalid', reason: 'frame is not an object' };
  const frame = json as Record<string, unknown>;
  if (typeof frame.error === 'string') {
    return { kind: 'error', error: frame.error, status: typeof frame.status === 'number' ? frame.status : undefined };
  }
  if (typeof frame.event !== 'string') return { kind: 'invalid', reason: 'frame has no event' };
  if (!Array.isArray(frame.stream)) return { kind: 'invalid', reason: `${frame.event.slice(0, 40)} frame has no stream` };
  const stream = frame.stream.filter((part): part is string => typeof part === 'string');
  const payload = typeof frame.payload === 'string' ? frame.payload : typeof frame.payload === 'number' ? String(frame.payload) : undefined;
  return { kind: 'event', stream, event: frame.event, payload };
}
