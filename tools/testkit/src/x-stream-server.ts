import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { XTweet } from './x-posts.js';
import { ConnectionWaiters } from './connection-waiters.js';

/**
 * A local server that speaks the X API v2 filtered stream (https://docs.x.com/x-api/posts/filtered-stream/introduction),
 * for tests:
 * - every request needs `Authorization: Bearer <token>` (else 401, as X answers);
 * - `GET /2/tweets/search/stream/rules` lists the rules (`{data?, meta:{sent,result_count}}`), one page;
 * - `POST /2/tweets/search/stream/rules` takes `{"add":[{value,tag}]}` or `{"delete":{"ids":[…]}}`, gives rules
 *   numeric string ids, refuses a duplicate value (`DuplicateRule`, not created), a rule over 1,024 characters
 *   or one this server cannot read (`Invalid Rule`; 400 when nothing in the request could be created), and logs
 *   every change (`ruleChanges`). Rules apply at once (X takes up to ~20 s);
 * - `GET /2/tweets/search/stream` holds the response open: one JSON line per post that matches a rule, with
 *   `matching_rules` `[{id,tag}]`, and a keep-alive `\r\n` every `keepAliveMs`. Only the fields asked for in
 *   `tweet.fields` are sent (plus `id`, `text`, `edit_history_tweet_ids`, X's defaults). A second stream while
 *   one is open gets 429 `TooManyConnections`, as on pay-per-use (after a short grace, so that a client
 *   reconnecting at once after closing is not refused for a socket the server has not yet seen close).
 * Rules are read as X reads them, within what tests need: terms side by side are ANDed, `OR`, parentheses and a
 * leading `-` work, and a term is `#hashtag` (exact, case-insensitive), `lang:xx`, `is:retweet`, `"a phrase"`
 * or a keyword (a word of the text, case-insensitive). Other operators make the rule invalid here.
 * Failure switches: drop every connection, silence streams (no posts, no keep-alives), refuse every request
 * with a status, send raw lines.
 */
export interface XStreamServerOptions {
  /** 0 (any free port) unless given; the server listens on 127.0.0.1. */
  port?: number;
  /** The bearer token it accepts; TEST_X_BEARER_TOKEN unless given. */
  token?: string;
  /** 20 s unless given, as X. */
  keepAliveMs?: number;
}

export const TEST_X_BEARER_TOKEN = 'AAAAAAAAAAAAAAAAAAAAAtest%2Bx%2Bbearer%3Dtoken';

export interface XServerRule {
  id: string;
  value: string;
  tag?: string;
}

export interface XRuleChange {
  action: 'add' | 'delete';
  rule: XServerRule;
}

export interface XStreamConnection {
  readonly open: boolean;
  /** `tweet.fields`, `expansions` and `user.fields` as asked. */
  readonly tweetFields: string[];
  readonly expansions: string[];
  readonly userFields: string[];
  /** Lines of posts sent on it. */
  readonly postsSent: number;
}

export interface XRequestRecord {
  method: string;
  path: string;
  status: number;
}

export interface XStreamTestServer {
  /** http://127.0.0.1:PORT, for X_API_URL. */
  readonly url: string;
  readonly token: string;
  /**
   * Sends the post to every open stream that is not silenced, if it matches a rule, with the rules it matches.
   * Returns them (empty: no rule matched, nothing sent).
   */
  publish(tweet: XTweet): XServerRule[];
  /** Sends a line as it is (plus `\r\n`) to every open stream that is not silenced. */
  sendRaw(line: string): void;
  /** Ends every open stream abruptly (the socket is destroyed). Later connections work. */
  dropConnections(): void;
  /** Streams open now get nothing (no post, no keep-alive) until silence(false); posts meanwhile are lost to them. */
  silence(on: boolean): void;
  /** Answers every request (rules and stream) with this status and X's body for it, until called with undefined. */
  refuse(status: number | undefined): void;
  /** Adds a rule as another tool on the same app would. */
  addRule(value: string, tag?: string): XServerRule;
  readonly rules: readonly XServerRule[];
  readonly ruleChanges: readonly XRuleChange[];
  /** Every accepted stream (answered 200), oldest first. */
  readonly connections: readonly XStreamConnection[];
  /** Every request with the status it got, oldest first. */
  readonly requests: readonly XRequestRecord[];
  /** Resolves when at least n streams have been accepted in total. */
  waitForConnections(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const STREAM_PATH = '/2/tweets/search/stream';
const RULES_PATH = '/2/tweets/search/stream/rules';
const MAX_RULE_LENGTH = 1_024;
const MAX_RULES = 1_000;
/** How long a second stream waits for the first to close before it is refused. */
const SECOND_CONNECTION_GRACE_MS = 300;
const DEFAULT_FIELDS = ['id', 'text', 'edit_history_tweet_ids'];

const PROBLEMS: Readonly<Record<number, object>> = {
  400: { title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: 'https://api.twitter.com/2/problems/invalid-request' },
  401: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' },
  403: {
    title: 'Client Forbidden',
    detail: 'This request must be made using an approved developer account that is enrolled in the requested endpoint.',
    reason: 'client-not-enrolled',
    type: 'https://api.twitter.com/2/problems/client-forbidden',
  },
  429: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
  503: { title: 'Service Unavailable', detail: 'Service Unavailable', type: 'about:blank', status: 503 },
};

interface Stream {
  response: ServerResponse;
  info: { -readonly [K in keyof XStreamConnection]: XStreamConnection[K] };
  silenced: boolean;
  keepAlive: NodeJS.Timeout;
}

export async function startXStreamTestServer(options: XStreamServerOptions = {}): Promise<XStreamTestServer> {
  const token = options.token ?? TEST_X_BEARER_TOKEN;
  const keepAliveMs = options.keepAliveMs ?? 20_000;
  const rules: XServerRule[] = [];
  const ruleChanges: XRuleChange[] = [];
  const connections: Stream['info'][] = [];
  const requests: XRequestRecord[] = [];
  const streams = new Set<Stream>();
  const waiters = new ConnectionWaiters(() => connections.length, 'X stream connections');
  let refusal: number | undefined;
  let nextRuleId = 1_866_000_000_000_000_000n;

  const http = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const record = { method: request.method ?? 'GET', path: url.pathname, status: 0 };
    requests.push(record);
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      response.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== `Bearer ${token}`) return answer(401, PROBLEMS[401]);
    if (refusal !== undefined) return answer(refusal, PROBLEMS[refusal] ?? { title: `HTTP ${refusal}`, status: refusal });
    if (url.pathname === RULES_PATH && request.method === 'GET') return answer(200, listRules());
    if (url.pathname === RULES_PATH && request.method === 'POST') {
      void readJson(request).then((body) => {
        const result = changeRules(body);
        answer(result.status, result.body);
      });
      return;
    }
    if (url.pathname === STREAM_PATH && request.method === 'GET') {
      void openStream(url, response, record, answer);
      return;
    }
    answer(404, { errors: [{ message: 'Sorry, that page does not exist', code: 34 }] });
  });
  await new Promise<void>((resolve) => http.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;

  function listRules(): object {
    const meta = { sent: new Date().toISOString(), result_count: rules.length };
    return rules.length === 0 ? { meta } : { data: rules.map((rule) => ({ ...rule })), meta };
  }

  function changeRules(body: unknown): { status: number; body: object } {
    const sent = new Date().toISOString();
    const request = body as { add?: unknown; delete?: { ids?: unknown } } | undefined;
    if (Array.isArray(request?.add)) {
      const created: XServerRule[] = [];
      const errors: object[] = [];
      for (const item of request.add as { value?: unknown; tag?: unknown }[]) {
        const value = typeof item?.value === 'string' ? item.value : '';
        const tag = typeof item?.tag === 'string' ? item.tag : undefined;
        const duplicate = rules.find((rule) => rule.value === value);
        const invalid = ruleProblem(value);
        if (duplicate) errors.push({ value, id: duplicate.id, title: 'DuplicateRule', type: 'https://api.twitter.com/2/problems/duplicate-rules' });
        else if (invalid) errors.push({ value, details: [invalid], title: 'Invalid Rule', type: 'https://api.twitter.com/2/problems/invalid-rules' });
        else if (rules.length >= MAX_RULES) errors.push({ value, title: 'RulesCapExceeded', type: 'https://api.twitter.com/2/problems/rule-cap' });
        else created.push(addRule(value, tag));
      }
      const invalid = errors.filter((error) => (error as { title: string }).title !== 'DuplicateRule').length;
      const summary = { created: created.length, not_created: errors.length, valid: created.length, invalid };
      const status = created.length === 0 && invalid > 0 ? 400 : 201;
      return { status, body: { ...(created.length > 0 ? { data: created } : {}), meta: { sent, summary }, ...(errors.length > 0 ? { errors } : {}) } };
    }
    const ids = request?.delete?.ids;
    if (Array.isArray(ids)) {
      let deleted = 0;
      const errors: object[] = [];
      for (const id of ids as unknown[]) {
        const at = rules.findIndex((rule) => rule.id === id);
        if (at < 0) {
          errors.push({ id, title: 'Not Found Error', type: 'https://api.twitter.com/2/problems/resource-not-found' });
          continue;
        }
        const [rule] = rules.splice(at, 1);
        if (rule) ruleChanges.push({ action: 'delete', rule });
        deleted += 1;
      }
      return { status: 200, body: { meta: { sent, summary: { deleted, not_deleted: errors.length } }, ...(errors.length > 0 ? { errors } : {}) } };
    }
    return { status: 400, body: { ...PROBLEMS[400], errors: [{ message: 'Exactly one of add or delete must be given' }] } };
  }

  function addRule(value: string, tag?: string): XServerRule {
    nextRuleId += 1n;
    const rule: XServerRule = { id: String(nextRuleId), value, ...(tag === undefined ? {} : { tag }) };
    rules.push(rule);
    ruleChanges.push({ action: 'add', rule });
    return rule;
  }

  async function openStream(url: URL, response: ServerResponse, record: XRequestRecord, answer: (status: number, body: unknown) => void): Promise<void> {
    const deadline = Date.now() + SECOND_CONNECTION_GRACE_MS;
    while ([...streams].some((stream) => stream.info.open) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    if ([...streams].some((stream) => stream.info.open)) {
      return answer(429, {
        title: 'ConnectionException',
        detail: 'This stream is currently at the maximum allowed connection limit.',
        connection_issue: 'TooManyConnections',
        type: 'https://api.twitter.com/2/problems/streaming-connection',
      });
    }
    const list = (name: string) => (url.searchParams.get(name) ?? '').split(',').filter(Boolean);
    record.status = 200;
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.flushHeaders();
    const info = { open: true, tweetFields: list('tweet.fields'), expansions: list('expansions'), userFields: list('user.fields'), postsSent: 0 };
    const stream: Stream = {
      response,
      info,
      silenced: false,
      keepAlive: setInterval(() => {
        if (!stream.silenced) response.write('\r\n');
      }, keepAliveMs),
    };
    streams.add(stream);
    connections.push(info);
    response.on('close', () => end(stream));
    waiters.accept();
  }

  function end(stream: Stream): void {
    clearInterval(stream.keepAlive);
    stream.info.open = false;
    streams.delete(stream);
  }

  function send(line: string, stream: Stream): void {
    if (stream.info.open && !stream.silenced) stream.response.write(`${line}\r\n`);
  }

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    get rules() {
      return rules;
    },
    get ruleChanges() {
      return ruleChanges;
    },
    get connections() {
      return connections;
    },
    get requests() {
      return requests;
    },
    publish(tweet) {
      const matching = rules.filter((rule) => matches(rule.value, tweet));
      if (matching.length === 0) return [];
      const matchingRules = matching.map(({ id, tag }) => ({ id, ...(tag === undefined ? {} : { tag }) }));
      for (const stream of streams) {
        if (!stream.info.open || stream.silenced) continue;
        const fields = new Set([...DEFAULT_FIELDS, ...stream.info.tweetFields]);
        const data = Object.fromEntries(Object.entries(tweet).filter(([name]) => fields.has(name)));
        send(JSON.stringify({ data, matching_rules: matchingRules }), stream);
        stream.info.postsSent += 1;
      }
      return matching;
    },
    sendRaw(line) {
      for (const stream of streams) send(line, stream);
    },
    dropConnections() {
      for (const stream of [...streams]) {
        end(stream);
        stream.response.socket?.destroy();
      }
    },
    silence(on) {
      for (const stream of streams) stream.silenced = on;
    },
    refuse(status) {
      refusal = status;
    },
    addRule,
    waitForConnections(n, timeoutMs) {
      return waiters.wait(n, timeoutMs);
    },
    async close() {
      waiters.fail(new Error('the X test server closed'));
      for (const stream of [...streams]) end(stream);
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => {
      try {
        resolve(JSON.parse(text));
      } catch {
        resolve(undefined);
      }
    });
  });
}

// ---- rules: a small reader of X's rule syntax, enough for the rules tests write ----

type Node = { op: 'and' | 'or'; items: Node[] } | { op: 'not'; item: Node } | { op: 'term'; term: string };

/** Why a rule cannot be used here, or undefined when it can. */
function ruleProblem(value: string): string | undefined {
  if (value.trim() === '') return 'A rule must not be empty';
  if (Array.from(value).length > MAX_RULE_LENGTH) return `Rules must be ${MAX_RULE_LENGTH} characters or fewer`;
  try {
    parseRule(value);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function matches(value: string, tweet: XTweet): boolean {
  try {
    return evaluate(parseRule(value), tweet);
  } catch {
    return false;
  }
}

function parseRule(value: string): Node {
  const tokens = value.match(/"[^"]*"|\(|\)|[^\s()]+/gu) ?? [];
  let at = 0;
  const orExpr = (): Node => {
    const items = [andExpr()];
    while (tokens[at] === 'OR') {
      at += 1;
      items.push(andExpr());
    }
    return items.length === 1 && items[0] ? items[0] : { op: 'or', items };
  };
  const andExpr = (): Node => {
    const items: Node[] = [];
    while (at < tokens.length && tokens[at] !== ')' && tokens[at] !== 'OR') items.push(unary());
    if (items.length === 0) throw new Error(`Rule syntax: expected a term at position ${at}`);
    return items.length === 1 && items[0] ? items[0] : { op: 'and', items };
  };
  const unary = (): Node => {
    const token = tokens[at] ?? '';
    if (token === '(') {
      at += 1;
      const inner = orExpr();
      if (tokens[at] !== ')') throw new Error('Rule syntax: unbalanced parentheses');
      at += 1;
      return inner;
    }
    at += 1;
    if (token.startsWith('-') && token.length > 1) return { op: 'not', item: term(token.slice(1)) };
    return term(token);
  };
  const term = (token: string): Node => {
    const operator = /^([a-z_]+):/u.exec(token)?.[1];
    if (operator !== undefined && operator !== 'lang' && operator !== 'is')
      throw new Error(`Reference to an operator this test server does not read: ${operator}:`);
    if (operator === 'is' && token !== 'is:retweet') throw new Error(`Reference to an operator this test server does not read: ${token}`);
    return { op: 'term', term: token };
  };
  const node = orExpr();
  if (at < tokens.length) throw new Error('Rule syntax: unbalanced parentheses');
  return node;
}

function evaluate(node: Node, tweet: XTweet): boolean {
  switch (node.op) {
    case 'and':
      return node.items.every((item) => evaluate(item, tweet));
    case 'or':
      return node.items.some((item) => evaluate(item, tweet));
    case 'not':
      return !evaluate(node.item, tweet);
    case 'term':
      return termMatches(node.term, tweet);
  }
}

function termMatches(term: string, tweet: XTweet): boolean {
  const text = (tweet.note_tweet?.text ?? tweet.text).toLowerCase();
  if (term.startsWith('#')) {
    const tags = (tweet.note_tweet?.entities ?? tweet.entities)?.hashtags ?? [];
    return tags.some((hashtag) => hashtag.tag.toLowerCase() === term.slice(1).toLowerCase());
  }
  if (term.startsWith('lang:')) return tweet.lang === term.slice('lang:'.length);
  if (term === 'is:retweet') return (tweet.referenced_tweets ?? []).some((reference) => reference.type === 'retweeted');
  if (term.startsWith('"')) return text.includes(term.slice(1, -1).toLowerCase());
  return text.split(/[^\p{L}\p{N}_#@]+/u).includes(term.toLowerCase());
}
