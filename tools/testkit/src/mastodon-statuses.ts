/**
 * Status entities shaped like Mastodon's documented payloads (https://docs.joinmastodon.org/entities/Status/,
 * .../entities/Account/), snake_case, as REST and the streaming `update` event carry them.
 */
export interface StatusInput {
  /** Text of the post; becomes <p>HTML</p> with hashtag links. */
  text?: string;
  tags?: string[];
  language?: string | null;
  createdAt?: Date;
  /** `name` for a local account, `name@other.host` for a remote one. */
  acct?: string;
  account?: Partial<{ discoverable: boolean | null; indexable: boolean; bot: boolean; note: string }>;
  /** Makes this status a boost of `reblog`. */
  reblog?: Record<string, unknown>;
}

export function buildStatus(id: string, host: string, input: StatusInput): Record<string, unknown> {
  const acct = input.acct ?? 'ana';
  const [username, domain] = acct.split('@') as [string, string | undefined];
  const accountHost = domain ?? host;
  const accountUrl = `https://${accountHost}/@${username}`;
  const tags = input.tags ?? [];
  const tagLinks = tags
    .map((tag) => ` <a href="https://${host}/tags/${tag.toLowerCase()}" class="mention hashtag" rel="tag">#<span>${tag}</span></a>`)
    .join('');
  const createdAt = (input.createdAt ?? new Date()).toISOString();
  const uri = domain ? `https://${domain}/users/${username}/statuses/${id}` : `https://${host}/users/${username}/statuses/${id}`;
  return {
    id,
    created_at: createdAt,
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    sensitive: false,
    spoiler_text: '',
    visibility: 'public',
    language: input.language === undefined ? 'en' : input.language,
    uri,
    url: domain ? `https://${domain}/@${username}/${id}` : `https://${host}/@${username}/${id}`,
    replies_count: 0,
    reblogs_count: 0,
    favourites_count: 0,
    edited_at: null,
    favourited: false,
    reblogged: false,
    muted: false,
    bookmarked: false,
    content: input.reblog ? '' : `<p>${escapeHtml(input.text ?? `post ${id}`)}${tagLinks}</p>`,
    filtered: [],
    reblog: input.reblog ?? null,
    application: domain ? null : { name: 'Web', website: null },
    account: {
      id: String(hash(acct)),
      username,
      acct,
      display_name: username,
      locked: false,
      bot: input.account?.bot ?? false,
      discoverable: input.account?.discoverable === undefined ? true : input.account.discoverable,
      indexable: input.account?.indexable ?? true,
      group: false,
      created_at: '2023-01-01T00:00:00.000Z',
      note: input.account?.note ?? '<p>Writes about streams.</p>',
      url: accountUrl,
      uri: `https://${accountHost}/users/${username}`,
      avatar: `https://${host}/avatars/original/missing.png`,
      avatar_static: `https://${host}/avatars/original/missing.png`,
      header: `https://${host}/headers/original/missing.png`,
      header_static: `https://${host}/headers/original/missing.png`,
      followers_count: 3,
      following_count: 5,
      statuses_count: 42,
      last_status_at: createdAt.slice(0, 10),
      emojis: [],
      fields: [],
    },
    media_attachments: [],
    mentions: [],
    tags: tags.map((tag) => ({ name: tag.toLowerCase(), url: `https://${host}/tags/${tag.toLowerCase()}` })),
    emojis: [],
    card: null,
    poll: null,
  };
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function hash(text: string): number {
  let value = 7;
  for (const char of text) value = (value * 31 + char.charCodeAt(0)) % 1_000_000_007;
  return value;
}
