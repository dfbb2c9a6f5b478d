import { describe, expect, it } from 'vitest';
import { eventTime, parseJetstreamFrame } from '../../src/bluesky/jetstream-event.js';

const context = { instance: 'jetstream.test', receivedAt: Date.parse('2026-12-07T10:00:01.000Z') };
const TIME_US = Date.parse('2026-12-07T10:00:00.000Z') * 1000;
const DID = 'did:plc:abc123';

/** A facet over `part`'s UTF-8 bytes in `text`. */
function facet(text: string, part: string, feature: Record<string, string>) {
  const byteStart = Buffer.byteLength(text.slice(0, text.indexOf(part)), 'utf8');
  return { index: { byteStart, byteEnd: byteStart + Buffer.byteLength(part, 'utf8') }, features: [feature] };
}

function commit(operation: string, record?: unknown, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    did: DID,
    time_us: TIME_US,
    kind: 'commit',
    commit: {
      rev: '3l',
      operation,
      collection: 'app.bsky.feed.post',
      rkey: '3lcz6vbxqxk2a',
      ...(record === undefined ? {} : { record, cid: 'bafy' }),
      ...extra,
    },
  });
}

describe('a Jetstream frame', () => {
  it('becomes a post with its words, language, hashtags and identity; links and mentions are cut out by their byte ranges', () => {
    const text = 'Grüße aus 東京 @ana.bsky.social schau example.com/pa… #日本 #Café';
    const record = {
      $type: 'app.bsky.feed.post',
      text,
      createdAt: '2026-12-07T09:59:58.000Z',
      langs: ['de-DE', 'ja'],
      facets: [
        facet(text, '@ana.bsky.social', { $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:ana' }),
        facet(text, 'example.com/pa…', { $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/path' }),
        facet(text, '#日本', { $type: 'app.bsky.richtext.facet#tag', tag: '日本' }),
        facet(text, '#Café', { $type: 'app.bsky.richtext.facet#tag', tag: 'Café' }),
      ],
      tags: ['Extra', 'not a tag!'],
    };
    const event = parseJetstreamFrame(commit('create', record), context);
    expect(event).toEqual({
      kind: 'post',
      timeUs: TIME_US,
      post: {
        uri: `at://${DID}/app.bsky.feed.post/3lcz6vbxqxk2a`,
        statusId: '3lcz6vbxqxk2a',
        instance: 'jetstream.test',
        network: 'bluesky',
        source: 'stream',
        url: `https://bsky.app/profile/${DID}/post/3lcz6vbxqxk2a`,
        createdAt: Date.parse('2026-12-07T09:59:58.000Z'),
        receivedAt: context.receivedAt,
        language: 'de',
        text: 'Grüße aus 東京   schau   #日本 #Café',
        spoilerText: '',
        hashtags: ['日本', 'cafe', 'extra'],
        isBoost: false,
        boostOfUri: null,
        sensitive: false,
        account: { acct: DID, bot: false, discoverable: null, indexable: null, noindexInBio: false },
      },
    });
  });

  it('ignores facets whose byte ranges are out of bounds or cut a character, instead of mangling the text', () => {
    const text = 'Grüße';
    const record = {
      text,
      createdAt: '2026-12-07T09:59:58.000Z',
      facets: [
        { index: { byteStart: 3, byteEnd: 4 }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'x' }] },
        { index: { byteStart: 0, byteEnd: 99 }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'x' }] },
        { index: 'nonsense', features: [] },
      ],
    };
    const event = parseJetstreamFrame(commit('create', record), context);
    expect(event.kind === 'post' && event.post.text).toBe('Grüße');
  });

  it('tells deletes, edits, other collections and other kinds apart', () => {
    expect(parseJetstreamFrame(commit('delete'), context)).toEqual({
      kind: 'deleted',
      timeUs: TIME_US,
      uri: `at://${DID}/app.bsky.feed.post/3lcz6vbxqxk2a`,
      rkey: '3lcz6vbxqxk2a',
    });
    const updated = parseJetstreamFrame(commit('update', { text: 'edited', createdAt: '2026-12-07T09:00:00.000Z' }), context);
    expect(updated).toMatchObject({ kind: 'updated', editedAt: TIME_US / 1000, post: { text: 'edited' } });
    const like = JSON.stringify({
      did: DID,
      time_us: 5,
      kind: 'commit',
      commit: { operation: 'create', collection: 'app.bsky.feed.like', rkey: 'x', record: {} },
    });
    expect(parseJetstreamFrame(like, context)).toEqual({ kind: 'other', timeUs: 5 });
    expect(parseJetstreamFrame(JSON.stringify({ did: DID, time_us: 6, kind: 'identity', identity: {} }), context)).toEqual({ kind: 'other', timeUs: 6 });
  });

  it('reports what it cannot read, keeping the position when the frame has one', () => {
    expect(parseJetstreamFrame('{not json', context)).toEqual({ kind: 'invalid', timeUs: undefined, reason: 'not JSON' });
    expect(parseJetstreamFrame('null', context)).toMatchObject({ kind: 'invalid', timeUs: undefined });
    expect(parseJetstreamFrame(JSON.stringify({ did: 'nope', time_us: 7, kind: 'commit' }), context)).toMatchObject({
      kind: 'invalid',
      timeUs: 7,
      reason: expect.stringContaining('frame.did') as unknown,
    });
    expect(parseJetstreamFrame(commit('create', { text: 42 }), context)).toMatchObject({
      kind: 'invalid',
      timeUs: TIME_US,
      reason: expect.stringContaining('record.text') as unknown,
    });
  });

  it('marks self-labelled posts sensitive and caps a huge text', () => {
    const record = {
      text: 'x'.repeat(50_000),
      createdAt: '2026-12-07T09:59:58.000Z',
      labels: { $type: 'com.atproto.label.defs#selfLabels', values: [{ val: 'porn' }] },
    };
    const event = parseJetstreamFrame(commit('create', record), context);
    expect(event.kind === 'post' && [event.post.sensitive, event.post.text.length]).toEqual([true, 10_000]);
  });
});

describe('the event time of a Bluesky post', () => {
  it('is the declared createdAt unless it is not a date or is in the future of Jetstream’s clock', () => {
    expect(eventTime('2026-12-07T09:59:58.000Z', TIME_US)).toBe(Date.parse('2026-12-07T09:59:58.000Z'));
    expect(eventTime('2019-01-01T00:00:00.000Z', TIME_US)).toBe(Date.parse('2019-01-01T00:00:00.000Z'));
    expect(eventTime('2026-12-07T10:04:00.000Z', TIME_US)).toBe(Date.parse('2026-12-07T10:04:00.000Z'));
    expect(eventTime('2027-01-01T00:00:00.000Z', TIME_US)).toBe(TIME_US / 1000);
    expect(eventTime('yesterday', TIME_US)).toBe(TIME_US / 1000);
  });
});
