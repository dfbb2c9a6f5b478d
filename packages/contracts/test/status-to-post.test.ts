import { describe, expect, it } from 'vitest';
import { htmlToText } from '../src/html-to-text.js';
import { parseStatus } from '../src/status-to-post.js';

const origin = { instance: 'mastodon.example', source: 'replay' as const, receivedAt: 1_700_000_000_000 };

function status(overrides: Record<string, unknown> = {}): Record<string, unknown> {
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

describe('htmlToText', () => {
  it('keeps full URLs, mentions and hashtags as text, decodes entities, breaks paragraphs', () => {
    expect(htmlToText(status().content as string)).toBe(
      'Reading about https://kafka.apache.org/documentation with @bob & friends\n\n#Kafka',
    );
  });
  it('turns <br> into a line break', () => {
    expect(htmlToText('<p>one<br>two</p>')).toBe('one\ntwo');
  });
  it('reads the text of a code block, not its markup (a <pre> was kept as raw HTML)', () => {
    const html = '<pre><code class="language-js">fetch(<a href="https://docs.example/x">docs</a>) &amp;&amp; go</code></pre>';
    expect(htmlToText(html)).toBe('fetch(docs) && go');
  });
});

describe('parseStatus', () => {
  it('maps a status to a post', () => {
    const result = parseStatus(status(), origin);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.post).toMatchObject({
      uri: 'https://mastodon.example/users/ana/statuses/110',
      statusId: '110',
      instance: 'mastodon.example',
      createdAt: Date.parse('2026-11-25T12:00:00.000Z'),
      language: 'en',
      hashtags: ['kafka'],
      isBoost: false,
      account: { acct: 'ana', discoverable: true, indexable: true, noindexInBio: false },
    });
  });

  it('takes a boost\'s text from the original and marks it', () => {
    const original = status({ uri: 'https://elsewhere.example/statuses/9', id: '9', language: 'de' });
    const result = parseStatus(status({ content: '', reblog: original }), origin);
    expect(result.ok && result.post).toMatchObject({ isBoost: true, boostOfUri: 'https://elsewhere.example/statuses/9', language: 'de' });
    expect(result.ok && result.post.text).toContain('Reading about');
  });

  it('spots #nobot in an HTML bio', () => {
    const result = parseStatus(
      status({ account: { id: '1', acct: 'ana', note: '<p>no robots <a class="mention hashtag" rel="tag">#<span>NoBot</span></a></p>' } }),
      origin,
    );
    expect(result.ok && result.post.account.noindexInBio).toBe(true);
  });

  it('keeps a content warning as the plain text it is (it was read as HTML, losing "<US>" and decoding "&amp;")', () => {
    const result = parseStatus(status({ spoiler_text: ' Politics <US> &amp; more ' }), origin);
    expect(result.ok && result.post.spoilerText).toBe('Politics <US> &amp; more');
  });

  it('normalizes language codes and keeps null', () => {
    expect(parseStatus(status({ language: 'EN' }), origin)).toMatchObject({ post: { language: 'en' } });
    expect(parseStatus(status({ language: 'pt-BR' }), origin)).toMatchObject({ post: { language: 'pt' } });
    expect(parseStatus(status({ language: null }), origin)).toMatchObject({ post: { language: null } });
  });

  it.each([
    ['not an object', 'hello'],
    ['no uri', status({ uri: undefined })],
    ['a bad date', status({ created_at: 'yesterday' })],
    ['content of the wrong type', status({ content: 42 })],
  ])('rejects %s with a reason', (_name, json) => {
    const result = parseStatus(json, origin);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
  });
});
