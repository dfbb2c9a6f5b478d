/** A status as Mastodon's REST API returns it (content with links, a mention and a hashtag), with `overrides`. */
export function status(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '110',
    uri: 'https://mastodon.example/users/ana/statuses/110',
    url: 'https://mastodon.example/@ana/110',
    created_at: '2026-11-25T12:00:00.000Z',
    language: 'en',
    content:
      '<p>Reading about <a href="https://kafka.apache.org/documentation" rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span class="ellipsis">kafka.apache.org/docume</span><span class="invisible">ntation</span></a> with <span class="h-card" translate="no"><a href="https://other.example/@bob" class="u-url mention">@<span>bob</span></a></span> &amp; friends</p><p><a href="https://mastodon.example/tags/Kafka" class="mention hashtag" rel="tag">#<span>Kafka</span></a></p>',
    spoiler_text: '',
    sensitive: false,
    tags: [{ name: 'Kafka', url: 'https://mastodon.example/tags/kafka' }],
    reblog: null,
    account: { id: '1', acct: 'ana', bot: false, discoverable: true, indexable: true, note: '<p>I write about streams</p>' },
    ...overrides,
  };
}
