/** One instance to read, as configured by MASTODON_INSTANCES and its token. */
export interface InstanceTarget {
  /** Host name (with port when not the default): the instance's name in logs, metrics and `ingest.status`. */
  host: string;
  /** Origin of the REST API, e.g. https://mastodon.social or http://127.0.0.1:3000. */
  baseUrl: string;
  /** User access token; never logged. */
  token: string | undefined;
}

export type InstanceEntry = { ok: true; host: string; baseUrl: string } | { ok: false; reason: string };

/** `mastodon.social`, `https://mastodon.social` or `http://127.0.0.1:3000` (plain http for local servers). */
export function parseInstanceEntry(entry: string): InstanceEntry {
  const text = entry.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//iu.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, reason: `"${text}" is neither a host name nor an http(s) URL` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: `"${text}" must use https:// (or http:// for a local server)` };
  if (url.username || url.password) return { ok: false, reason: `"${text}" must not contain credentials; use MASTODON_TOKENS` };
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    return { ok: false, reason: `"${text}" must be the instance's address without a path, e.g. https://mastodon.social` };
  }
  return { ok: true, host: url.host.toLowerCase(), baseUrl: url.origin };
}

/** OAuth bearer tokens (RFC 6750 b64token); Mastodon's are URL-safe base64. Anything else is a paste error. */
const TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/u;

export function isPlausibleToken(token: string): boolean {
  return TOKEN.test(token);
}

export type TokenEntries = { ok: true; tokens: Map<string, string> } | { ok: false; reason: string };

/**
 * MASTODON_TOKENS: `host=token,host2=token2`. Hosts are written as in MASTODON_INSTANCES (a URL works too).
 * Error messages name the entry by its host only: a token must never end up in a log.
 */
export function parseTokenEntries(entries: readonly string[]): TokenEntries {
  const tokens = new Map<string, string>();
  for (const [index, entry] of entries.entries()) {
    // A host never contains "=", a token may end with "=" padding: the first "=" separates them.
    const separator = entry.indexOf('=');
    if (separator <= 0) return { ok: false, reason: `entry ${index + 1} is not host=token` };
    const instance = parseInstanceEntry(entry.slice(0, separator));
    if (!instance.ok) return { ok: false, reason: `entry ${index + 1}: ${instance.reason}` };
    const token = entry.slice(separator + 1).trim();
    if (!isPlausibleToken(token)) return { ok: false, reason: `the token for ${instance.host} has characters an access token cannot have` };
    if (tokens.has(instance.host)) return { ok: false, reason: `${instance.host} has two tokens` };
    tokens.set(instance.host, token);
  }
  return { ok: true, tokens };
}

/** Pairs each configured instance with its own token, or the shared one. Inputs are already validated. */
export function resolveInstanceTargets(instances: readonly string[], sharedToken: string | undefined, tokens: ReadonlyMap<string, string>): InstanceTarget[] {
  return instances.flatMap((entry) => {
    const parsed = parseInstanceEntry(entry);
    return parsed.ok ? [{ host: parsed.host, baseUrl: parsed.baseUrl, token: tokens.get(parsed.host) ?? sharedToken }] : [];
  });
}
