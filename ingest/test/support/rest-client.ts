import { MastodonRestClient } from '../../src/mastodon/rest-client.js';

/** A REST client for the local Mastodon test server, with a short timeout. */
export function testRestClient(baseUrl: string, token?: string): MastodonRestClient {
  return new MastodonRestClient({ baseUrl, token, timeoutMs: 2_000, now: Date.now });
}
