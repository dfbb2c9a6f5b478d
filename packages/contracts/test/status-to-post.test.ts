import { describe, expect, it } from 'vitest';
import { parseStatus } from '../src/status-to-post.js';
import { status } from './support/mastodon-status.js';

const origin = { instance: 'mastodon.example', source: 'replay' as const, receivedAt: 1_700_000_000_000 };

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
      network: 'mastodon',
    });
  });

  it("takes a boost's text from the original and marks it", () => {
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
