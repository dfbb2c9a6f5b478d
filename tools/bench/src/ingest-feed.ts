import type { Post } from '@trendstream/contracts/post';
import { atUri, plcDid, postCreate, tid } from '@trendstream/testkit/jetstream-posts';
import type { JetstreamTestServer } from '@trendstream/testkit/jetstream-server';

/**
 * Bluesky posts shaped like the network's: the sample's texts, languages and hashtags as facets, a link on
 * one post in five and a mention on one in seven, each post its own author and record key.
 */
export class JetstreamFeed {
  private sent = 0;

  constructor(
    private readonly server: JetstreamTestServer,
    private readonly templates: readonly Post[],
    private readonly runId: string,
  ) {}

  /** Publishes one post; returns its AT URI. */
  publish(createdAt = new Date()): string {
    const n = this.sent++;
    const template = this.templates[n % this.templates.length]!;
    const did = plcDid(`${this.runId}-${n % 50_000}`);
    const rkey = tid(createdAt.getTime() * 1000 + (n % 1000), n % 1024);
    this.server.publish(
      postCreate({
        did,
        rkey,
        text: template.text.slice(0, 280),
        createdAt,
        ...(template.language ? { langs: [template.language] } : {}),
        hashtags: template.hashtags.slice(0, 3),
        links: n % 5 === 0 ? [{ uri: `https://example.com/articles/${n}`, text: `example.com/articles/${n}` }] : [],
        mentions: n % 7 === 0 ? [{ did: plcDid(`mentioned-${n % 100}`), handle: `friend${n % 100}.bsky.social` }] : [],
      }),
    );
    return atUri(did, rkey);
  }
}
