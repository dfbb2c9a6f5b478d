import { describe, expect, it } from 'vitest';
import { toXPost, xEventTime, xLanguage, xPostSchema } from '../../src/x/x-post.js';
import { textWithoutSpans } from '../../src/x/x-post-text.js';

const context = { instance: 'api.x.com', receivedAt: Date.parse('2026-12-07T10:00:01.000Z') };

/** The code-point span of `part` in `text`, as X's v2 entities give it. */
function span(text: string, part: string) {
  const start = Array.from(text.slice(0, text.indexOf(part))).length;
  return { start, end: start + Array.from(part).length };
}

function post(data: Record<string, unknown>) {
  return toXPost(xPostSchema.parse(data), context);
}

describe('an X post', () => {
  it('becomes a post with its identity, words, language, hashtags and time; links and mentions are cut out by code points', () => {
    const text = '🎉🎉 Grüße @ana_x aus 東京 https://t.co/abc123 #Café #日本 🚀 &amp; more';
    const result = post({
      // Field order does not matter, nor do fields the ingest does not read.
      lang: 'de',
      text,
      edit_history_tweet_ids: ['1866100000000000001'],
      id: '1866100000000000001',
      author_id: '2244994945',
      created_at: '2026-12-07T09:59:58.000Z',
      entities: {
        mentions: [{ ...span(text, '@ana_x'), username: 'ana_x', id: '42' }],
        urls: [{ ...span(text, 'https://t.co/abc123'), url: 'https://t.co/abc123', expanded_url: 'https://example.com/a', display_url: 'example.com/a' }],
        hashtags: [
          { ...span(text, '#Café'), tag: 'Café' },
          { ...span(text, '#日本'), tag: '日本' },
        ],
      },
    });
    expect(result).toEqual({
      uri: 'https://x.com/i/web/status/1866100000000000001',
      statusId: '1866100000000000001',
      instance: 'api.x.com',
      network: 'x',
      source: 'stream',
      url: 'https://x.com/i/web/status/1866100000000000001',
      createdAt: Date.parse('2026-12-07T09:59:58.000Z'),
      receivedAt: context.receivedAt,
      language: 'de',
      text: '🎉🎉 Grüße   aus 東京   #Café #日本 🚀 & more',
      spoilerText: '',
      hashtags: ['cafe', '日本'],
      isBoost: false,
      boostOfUri: null,
      sensitive: false,
      account: { acct: '2244994945', bot: false, discoverable: null, indexable: null, noindexInBio: false },
    });
  });

  it('would cut the wrong characters with UTF-16 offsets: an emoji before a link shifts them', () => {
    const text = '👾 see https://t.co/x1 now';
    const codePoints = span(text, 'https://t.co/x1');
    expect(codePoints).toEqual({ start: 6, end: 21 });
    expect(text.indexOf('https')).toBe(7);
    expect(textWithoutSpans(text, [codePoints])).toBe('👾 see   now');
  });

  it('ignores spans that are out of bounds, empty, reversed or overlapping, and unescapes after cutting', () => {
    const text = 'a &amp; b @c';
    expect(textWithoutSpans(text, [{ start: 10, end: 12 }])).toBe('a & b  ');
    expect(textWithoutSpans(text, [{ start: 5, end: 99 }])).toBe('a & b @c');
    expect(
      textWithoutSpans(text, [
        { start: 4, end: 4 },
        { start: 6, end: 2 },
      ]),
    ).toBe('a & b @c');
    expect(
      textWithoutSpans(text, [
        { start: 0, end: 3 },
        { start: 2, end: 5 },
      ]),
    ).toBe(' amp; b @c');
    expect(textWithoutSpans('&amp;lt;', [])).toBe('&lt;');
  });

  it('is a boost when it is a retweet, pointing at the post it retweets', () => {
    const result = post({
      id: '2',
      text: 'RT @someone: the original #News',
      referenced_tweets: [
        { type: 'quoted', id: '5' },
        { type: 'retweeted', id: '1' },
      ],
      entities: { hashtags: [{ start: 26, end: 31, tag: 'News' }] },
    });
    expect(result).toMatchObject({ isBoost: true, boostOfUri: 'https://x.com/i/web/status/1', hashtags: ['news'] });
    expect(post({ id: '3', text: 'a reply', referenced_tweets: [{ type: 'replied_to', id: '1' }] })).toMatchObject({ isBoost: false, boostOfUri: null });
  });

  it('reads the whole text of a long post from note_tweet', () => {
    const long = `${'word '.repeat(70)}#Longform`;
    const result = post({
      id: '4',
      text: `${'word '.repeat(55)}… https://t.co/more`,
      entities: { urls: [{ start: 277, end: 294 }] },
      note_tweet: { text: long, entities: { hashtags: [{ ...span(long, '#Longform'), tag: 'Longform' }] } },
    });
    expect(result.text).toBe(long);
    expect(result.hashtags).toEqual(['longform']);
  });

  it('tolerates missing fields: no entities (hashtags then come from the text), no language, no author, no time', () => {
    const result = post({ id: '5', text: 'hello #World and #wörld!' });
    expect(result).toMatchObject({
      text: 'hello #World and #wörld!',
      hashtags: ['world'],
      language: null,
      createdAt: context.receivedAt,
      account: { acct: 'unknown' },
    });
    expect(post({ id: '6' }).text).toBe('');
    expect(post({ id: '7', text: 'x', entities: { hashtags: [{ tag: 7 }, { tag: 'ok' }], urls: 'nope' } }).hashtags).toEqual([]);
    expect(post({ id: '8', text: 'x', entities: { hashtags: [{ tag: 'not a tag!' }, { tag: 'Fine' }] } }).hashtags).toEqual(['fine']);
  });

  it('rejects a post without a usable id', () => {
    expect(xPostSchema.safeParse({ text: 'no id' }).success).toBe(false);
    expect(xPostSchema.safeParse({ id: 12, text: 'a number' }).success).toBe(false);
    expect(xPostSchema.safeParse({ id: '12x', text: 'not decimal' }).success).toBe(false);
  });

  it('marks a possibly sensitive post sensitive', () => {
    expect(post({ id: '9', text: 'x', possibly_sensitive: true }).sensitive).toBe(true);
  });
});

describe("an X post's language", () => {
  it.each([
    ['en', 'en'],
    ['pt-BR', 'pt'],
    ['JA', 'ja'],
    ['in', 'id'],
    ['iw', 'he'],
    ['und', null],
    ['qme', null],
    ['qht', null],
    ['qam', null],
    ['qct', null],
    ['qst', null],
    ['zxx', null],
    ['', null],
    [undefined, null],
  ])('%s is %s', (lang, expected) => {
    expect(xLanguage(lang)).toBe(expected);
  });
});

describe("an X post's event time", () => {
  const received = Date.parse('2026-12-07T10:00:00.000Z');

  it('is created_at, even long ago', () => {
    expect(xEventTime('2026-12-07T09:59:00.000Z', received)).toBe(Date.parse('2026-12-07T09:59:00.000Z'));
    expect(xEventTime('2020-01-01T00:00:00.000Z', received)).toBe(Date.parse('2020-01-01T00:00:00.000Z'));
    expect(xEventTime('2026-12-07T10:04:59.000Z', received)).toBe(Date.parse('2026-12-07T10:04:59.000Z'));
  });

  it('is the time received when created_at is not a date or more than 5 minutes ahead', () => {
    expect(xEventTime('yesterday', received)).toBe(received);
    expect(xEventTime(undefined, received)).toBe(received);
    expect(xEventTime('2026-12-07T10:05:01.000Z', received)).toBe(received);
  });
});
