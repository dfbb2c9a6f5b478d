import type { Post } from './post.js';

/**
 * A post of any network as a replay line: a Mastodon Status entity (the replay format) holding what the post's
 * record holds, plus `network`, a Trendstream extension that replay reads back (parseReplayLine). `record`
 * writes Mastodon statuses exactly as the instance sent them; it writes this for Bluesky posts, whose network
 * sends no Status entity. A boost is not representable here (`reblog` is null): Bluesky's reposts are not read. The text becomes one escaped paragraph with line breaks, which htmlToText
 * turns back into the same text.
 */
export function postToStatusJson(post: Post): Record<string, unknown> {
  return {
    id: post.statusId,
    uri: post.uri,
    url: post.url,
    created_at: new Date(post.createdAt).toISOString(),
    language: post.language,
    content: `<p>${escapeHtml(post.text).replace(/\r?\n/gu, '<br>')}</p>`,
    spoiler_text: post.spoilerText,
    sensitive: post.sensitive,
    visibility: 'public',
    tags: post.hashtags.map((name) => ({ name })),
    reblog: null,
    account: {
      id: post.account.acct,
      acct: post.account.acct,
      bot: post.account.bot,
      discoverable: post.account.discoverable,
      indexable: post.account.indexable,
      note: '',
    },
    network: post.network,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}
