import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { normalizeHashtag } from '@trendstream/contracts/hashtag';
import { buildStatus, type StatusInput } from './mastodon-statuses.js';

/**
 * A local server that speaks Mastodon's client protocol as documented on docs.joinmastodon.org, for tests:
 * - GET /api/v2/instance with configuration.urls.streaming and configuration.timelines_access (4.5);
 * - the WebSocket streaming API at /api/v1/streaming: token in Sec-WebSocket-Protocol, Authorization or
 *   ?access_token; a refused upgrade is 401 with an empty body and the reason in X-Error-Message;
 *   {"type":"subscribe"|"unsubscribe","stream":"public"|"public:local"|"hashtag","tag":...} messages;
 *   frames {"stream":[...],"event":"update"|"status.update"|"delete","payload":...} where the payload is a
 *   JSON string except for delete (the bare id); error frames {"error":"...","status":400}; pings;
 * - GET /api/v1/timelines/public and /api/v1/timelines/tag/:hashtag (local=true, remote=true) with limit
 *   (max 40), max_id, since_id, min_id, newest first, and Link paging (rel="next" max_id, rel="prev" min_id);
 *   a feed half that is not `public` needs a user: 422 "This method requires an authenticated user" without
 *   a token (Mastodon 4.5's `require_auth?`: `local=true` checks the local level, `remote=true` the remote
 *   one, neither both);
 * - X-RateLimit-Limit/Remaining/Reset on every API response and 429 past the limit.
 * Plus the failure switches the tests need: drop connections, refuse upgrades, stall (pause), send raw frames,
 * answer the next requests with a given status.
 */
export type AccessLevel = 'public' | 'authenticated' | 'disabled';

export interface TimelinesAccess {
  live_feeds: { local: AccessLevel; remote: AccessLevel };
  hashtag_feeds: { local: AccessLevel; remote: AccessLevel };
}

export interface MastodonServerOptions {
  /** The user token the server accepts; REST and streaming refuse any other. */
  token?: string;
  timelinesAccess?: TimelinesAccess;
  pingIntervalMs?: number;
  rateLimit?: { limit: number; windowMs: number };
  /**
   * Where the streaming server looks for the token. Mastodon reads the Authorization header, the
   * Sec-WebSocket-Protocol and the access_token parameter; `header` is a server that knows only the first and
   * does not echo a subprotocol (a client that requested one then sees the handshake fail).
   */
  streamingAuth?: 'mastodon' | 'header';
  /**
   * False: a server before 4.5, which applies `timelinesAccess` without announcing it (4.4 with "timeline
   * preview" off is every feed `authenticated`).
   */
  announceTimelinesAccess?: boolean;
  /**
   * Limited-federation mode (or DISALLOW_UNAUTHENTICATED_API_ACCESS): every API call, /api/v2/instance
   * included, needs the token, else 401 "This API requires an authenticated user".
   */
  limitedFederation?: boolean;
  /**
   * The origin Mastodon builds its Link URLs from (LOCAL_DOMAIN and its https setting), not the request's:
   * behind a proxy it differs from the address the client used. Default: the server's own.
   */
  linkOrigin?: string;
  /** Serves the streaming API under this path prefix (e.g. `/streaming`) and advertises it in urls.streaming. */
  streamingPrefix?: string;
  /** Rewrites the /api/v2/instance document (to send nulls, other versions...). */
  instanceDocument?: (document: Record<string, unknown>) => unknown;
}

interface StoredStatus {
  id: bigint;
  json: Record<string, unknown>;
  local: boolean;
  tags: string[];
}

interface Client {
  ws: WebSocket;
  /** stream key ("public", "public:local", "hashtag:<normalized>") -> tag as the client spelled it. */
  streams: Map<string, string | undefined>;
  paused: boolean;
  /** Open and answering pings, but no event reaches it (a streaming server that lost its Redis). */
  silenced: boolean;
}

export interface ServerStats {
  upgrades: number;
  upgradesRefused: number;
  subscribes: { stream: string; tag?: string }[];
  unsubscribes: { stream: string; tag?: string }[];
  errorFrames: number;
  rest: { path: string; query: string; status: number }[];
  tooManyRequests: number;
}

export interface MastodonTestServer {
  url: string;
  host: string;
  stats: ServerStats;
  /** Stores a status (newest) and streams it to every subscribed, unpaused connection. */
  publish(input: StatusInput): Record<string, unknown>;
  edit(status: Record<string, unknown>, text: string): Record<string, unknown>;
  remove(status: Record<string, unknown>): void;
  /** Cuts every WebSocket (the server keeps running, like a restarted streaming process). */
  dropConnections(): void;
  /** Answers upgrades with this HTTP status until called with undefined. */
  refuseUpgrades(status: number | undefined): void;
  /** Current connections stop sending anything, pings and pongs included, without closing (a stall). */
  pause(): void;
  /**
   * Current connections stay open and keep pinging and answering pings, but get no event any more: what a
   * Mastodon streaming server does when its Redis connection drops (pub/sub keeps no history). New
   * connections are served normally.
   */
  silence(): void;
  /** Sends this text as a frame on every open connection, as it is. */
  sendRaw(text: string): void;
  /** Answers the next `count` REST requests with `status`, `headers` and a Mastodon error body. */
  answerNext(count: number, status: number, headers?: Record<string, string>): void;
  openConnections(): number;
  close(): Promise<void>;
}

const DEFAULT_ACCESS: TimelinesAccess = {
  live_feeds: { local: 'public', remote: 'public' },
  hashtag_feeds: { local: 'public', remote: 'public' },
};

export async function startMastodonServer(options: MastodonServerOptions = {}): Promise<MastodonTestServer> {
  const statuses: StoredStatus[] = [];
  const clients = new Set<Client>();
  const stats: ServerStats = { upgrades: 0, upgradesRefused: 0, subscribes: [], unsubscribes: [], errorFrames: 0, rest: [], tooManyRequests: 0 };
  let refusal: number | undefined;
  let canned: { count: number; status: number; headers: Record<string, string> } | undefined;
  let sequence = 0;
  let window = { start: 0, used: 0 };
  const access = options.timelinesAccess ?? DEFAULT_ACCESS;

  const http = createServer((request, response) => handleRest(request, response));
  const wss = new WebSocketServer({
    noServer: true,
    autoPong: false,
    ...(options.streamingAuth === 'header' ? { handleProtocols: () => false as const } : {}),
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  const host = `127.0.0.1:${port}`;
  const origin = `http://${host}`;
  const streamingPrefix = options.streamingPrefix ?? '';

  // Snowflake ids as Mastodon makes them: milliseconds << 16 | sequence.
  const nextId = (createdAt: Date): bigint => (BigInt(createdAt.getTime()) << 16n) | BigInt(sequence++ % 65_536);

  function tokenOf(request: IncomingMessage): string | undefined {
    if (options.streamingAuth === 'header') {
      const authorization = request.headers.authorization;
      return authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined;
    }
    const protocol = request.headers['sec-websocket-protocol'];
    if (typeof protocol === 'string' && protocol.trim()) return protocol.split(',')[0]?.trim();
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) return authorization.slice('Bearer '.length);
    return new URL(request.url ?? '/', origin).searchParams.get('access_token') ?? undefined;
  }

  http.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    stats.upgrades += 1;
    const path = new URL(request.url ?? '/', origin).pathname;
    const token = tokenOf(request);
    const reject = (status: number, message: string): void => {
      stats.upgradesRefused += 1;
      socket.end(`HTTP/1.1 ${status} ${message}\r\nX-Error-Message: ${message}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    };
    if (path !== `${streamingPrefix}/api/v1/streaming`) return reject(404, 'Not Found');
    if (refusal !== undefined) return reject(refusal, 'Service Unavailable');
    if (!token) return reject(401, 'Missing access token');
    if (options.token !== undefined && token !== options.token) return reject(401, 'Invalid access token');
    wss.handleUpgrade(request, socket, head, (ws) => {
      const client: Client = { ws, streams: new Map(), paused: false, silenced: false };
      clients.add(client);
      ws.on('close', () => clients.delete(client));
      ws.on('ping', (data) => {
        if (!client.paused) ws.pong(data);
      });
      ws.on('message', (data: Buffer) => onClientMessage(client, data.toString('utf8')));
    });
  });

  function onClientMessage(client: Client, text: string): void {
    if (client.paused) return;
    let message: { type?: string; stream?: string; tag?: string };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return sendError(client, 'Error parsing JSON');
    }
    const stream = message.stream ?? '';
    if (stream !== 'public' && stream !== 'public:local' && stream !== 'hashtag') return sendError(client, 'Unknown stream type');
    if (stream === 'hashtag' && (!message.tag || message.tag.length === 0)) return sendError(client, 'No tag for stream provided');
    const key = stream === 'hashtag' ? `hashtag:${normalizeHashtag(message.tag ?? '')}` : stream;
    const record = { stream, ...(message.tag !== undefined ? { tag: message.tag } : {}) };
    if (message.type === 'subscribe') {
      stats.subscribes.push(record);
      client.streams.set(key, message.tag);
    } else if (message.type === 'unsubscribe') {
      stats.unsubscribes.push(record);
      client.streams.delete(key);
    }
  }

  function sendError(client: Client, error: string): void {
    stats.errorFrames += 1;
    client.ws.send(JSON.stringify({ error, status: 400 }));
  }

  function broadcast(status: StoredStatus, event: string, payload: string): void {
    for (const client of clients) {
      if (client.paused || client.silenced) continue;
      for (const [key, spelled] of client.streams) {
        const matches =
          key === 'public' || (key === 'public:local' && status.local) || (key.startsWith('hashtag:') && status.tags.includes(key.slice('hashtag:'.length)));
        if (!matches) continue;
        const stream = key.startsWith('hashtag:') ? ['hashtag', spelled ?? ''] : [key];
        client.ws.send(JSON.stringify({ stream, event, payload }));
      }
    }
  }

  const pinger = setInterval(() => {
    for (const client of clients) if (!client.paused) client.ws.ping();
  }, options.pingIntervalMs ?? 30_000);

  function rateLimited(response: ServerResponse): boolean {
    if (!options.rateLimit) return false;
    const now = Date.now();
    if (now - window.start >= options.rateLimit.windowMs) window = { start: now, used: 0 };
    window.used += 1;
    const remaining = Math.max(0, options.rateLimit.limit - window.used);
    response.setHeader('X-RateLimit-Limit', String(options.rateLimit.limit));
    response.setHeader('X-RateLimit-Remaining', String(remaining));
    response.setHeader('X-RateLimit-Reset', new Date(window.start + options.rateLimit.windowMs).toISOString());
    if (window.used <= options.rateLimit.limit) return false;
    stats.tooManyRequests += 1;
    return true;
  }

  function handleRest(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', origin);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      stats.rest.push({ path: url.pathname, query: url.search, status });
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      response.end(JSON.stringify(body));
    };
    if (rateLimited(response)) return reply(429, { error: 'Too many requests' });
    if (canned && canned.count > 0) {
      canned.count -= 1;
      return reply(canned.status, { error: `Canned answer ${canned.status}` }, canned.headers);
    }
    const authorization = request.headers.authorization;
    const token = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : undefined;
    // The instance description is public (unless in limited-federation mode); the timelines check a token
    // when one is sent.
    if (options.limitedFederation && token === undefined) return reply(401, { error: 'This API requires an authenticated user' });
    if ((url.pathname !== '/api/v2/instance' || options.limitedFederation) && token !== undefined && options.token !== undefined && token !== options.token) {
      return reply(401, { error: 'The access token is invalid' });
    }
    if (url.pathname === '/api/v2/instance') {
      const document = {
        domain: host,
        title: 'Trendstream test instance',
        version: options.announceTimelinesAccess === false ? '4.4.0' : '4.5.0',
        source_url: 'https://github.com/mastodon/mastodon',
        description: 'A local server speaking the Mastodon API for tests',
        usage: { users: { active_month: 3 } },
        languages: ['en'],
        configuration: {
          urls: { streaming: `ws://${host}${streamingPrefix}` },
          statuses: { max_characters: 500, max_media_attachments: 4, characters_reserved_per_url: 23 },
          ...(options.announceTimelinesAccess === false ? {} : { timelines_access: { ...access, trending_link_feeds: access.hashtag_feeds } }),
        },
        registrations: { enabled: false, approval_required: false, message: null },
        rules: [],
      };
      return reply(200, options.instanceDocument ? options.instanceDocument(document) : document);
    }
    const tagMatch = /^\/api\/v1\/timelines\/tag\/([^/]+)$/u.exec(url.pathname);
    if (url.pathname !== '/api/v1/timelines/public' && !tagMatch) return reply(404, { error: 'Record not found' });
    const feed = tagMatch ? access.hashtag_feeds : access.live_feeds;
    const localOnly = url.searchParams.get('local') === 'true';
    const remoteOnly = !localOnly && url.searchParams.get('remote') === 'true';
    const levels = localOnly ? [feed.local] : remoteOnly ? [feed.remote] : [feed.local, feed.remote];
    if (levels.some((level) => level !== 'public') && token === undefined) return reply(422, { error: 'This method requires an authenticated user' });
    const tag = tagMatch ? normalizeHashtag(decodeURIComponent(tagMatch[1] ?? '')) : undefined;
    const candidates = statuses.filter(
      (status) =>
        (!localOnly || status.local) &&
        (!remoteOnly || !status.local) &&
        (tag === undefined || status.tags.includes(tag)) &&
        (status.local ? feed.local !== 'disabled' : feed.remote !== 'disabled'),
    );
    const page = selectPage(candidates, url.searchParams);
    const headers: Record<string, string> = {};
    const newest = page[0];
    const oldest = page.at(-1);
    if (newest && oldest) {
      const link = (name: string, id: bigint): string => {
        const target = new URL(url.pathname + url.search, options.linkOrigin ?? origin);
        for (const cursor of ['max_id', 'min_id', 'since_id']) target.searchParams.delete(cursor);
        target.searchParams.set(name, id.toString());
        return target.toString();
      };
      headers.Link = `<${link('max_id', oldest.id)}>; rel="next", <${link('min_id', newest.id)}>; rel="prev"`;
    }
    return reply(
      200,
      page.map((status) => status.json),
      headers,
    );
  }

  return {
    url: origin,
    host,
    stats,
    publish(input) {
      const createdAt = input.createdAt ?? new Date();
      const id = nextId(createdAt);
      const json = buildStatus(id.toString(), host, { ...input, createdAt });
      const local = !(input.acct ?? '').includes('@');
      const tags = (input.tags ?? []).map((tag) => normalizeHashtag(tag));
      const stored: StoredStatus = { id, json, local, tags };
      statuses.push(stored);
      statuses.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      broadcast(stored, 'update', JSON.stringify(json));
      return json;
    },
    edit(status, text) {
      const stored = statuses.find((candidate) => candidate.json.id === status.id);
      if (!stored) throw new Error(`no status ${String(status.id)}`);
      stored.json = { ...stored.json, content: `<p>${text}</p>`, edited_at: new Date().toISOString() };
      broadcast(stored, 'status.update', JSON.stringify(stored.json));
      return stored.json;
    },
    remove(status) {
      const index = statuses.findIndex((candidate) => candidate.json.id === status.id);
      if (index < 0) throw new Error(`no status ${String(status.id)}`);
      const [stored] = statuses.splice(index, 1);
      if (stored) broadcast(stored, 'delete', String(stored.json.id));
    },
    dropConnections() {
      for (const client of clients) client.ws.terminate();
    },
    refuseUpgrades(status) {
      refusal = status;
    },
    pause() {
      for (const client of clients) client.paused = true;
    },
    silence() {
      for (const client of clients) client.silenced = true;
    },
    sendRaw(text) {
      for (const client of clients) if (!client.paused) client.ws.send(text);
    },
    answerNext(count, status, headers = {}) {
      canned = { count, status, headers };
    },
    openConnections() {
      return [...clients].filter((client) => !client.paused).length;
    },
    async close() {
      clearInterval(pinger);
      for (const client of clients) client.ws.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Mastodon's paging: max_id/since_id/min_id are exclusive; min_id reads upward from the cursor. */
export function selectPage<T extends { id: bigint }>(ascending: readonly T[], params: URLSearchParams): T[] {
  const limit = Math.min(40, Math.max(1, Number(params.get('limit') ?? 20) || 20));
  const bound = (name: string): bigint | undefined => {
    const value = params.get(name);
    return value && /^\d+$/u.test(value) ? BigInt(value) : undefined;
  };
  const maxId = bound('max_id');
  const sinceId = bound('since_id');
  const minId = bound('min_id');
  let selected = ascending.filter((status) => (maxId === undefined || status.id < maxId) && (sinceId === undefined || status.id > sinceId));
  if (minId !== undefined) {
    selected = selected.filter((status) => status.id > minId).slice(0, limit);
  } else {
    selected = selected.slice(-limit);
  }
  return selected.reverse();
}
