import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { normalizeHashtag } from '@trendstream/contracts/hashtag';
import type { Post } from '@trendstream/contracts/post';
import { authorOptedOut } from '@trendstream/contracts/post';
import { tokenize } from '@trendstream/contracts/tokenizer';
import { hostOf, parseReplayLine } from '@trendstream/contracts/replay-line';
import { REPO_ROOT, SAMPLE_PATH } from '@trendstream/testkit/repo';
import { CORPORA } from '../src/corpus/corpora.js';
import { generatePosts } from '../src/generate-posts.js';
import type { StatusJson } from '../src/mastodon-entities.js';
import { PLANTED_TOP_WORD, SAMPLE_BURSTS, SAMPLE_DEFAULTS, SAMPLE_LANGUAGES } from '../src/sample-plan.js';

const START = Date.parse(SAMPLE_DEFAULTS.start);
const MINUTE = 60_000;

const committedLines = gunzipSync(readFileSync(SAMPLE_PATH))
  .toString('utf8')
  .split('\n')
  .filter((line) => line !== '');
const statuses = committedLines.map((line) => JSON.parse(line) as StatusJson);
const posts = committedLines.map((line) => {
  const parsed = parseReplayLine(line, 0);
  if (!parsed.ok) throw new Error(`sample line does not parse: ${parsed.reason}`);
  return parsed.post;
});
const originals = statuses.filter((status) => status.reblog === null);

describe('the committed sample', () => {
  it('is exactly what the generator makes with the documented defaults (regenerate it after changing the generator)', () => {
    const regenerated = generatePosts({ count: SAMPLE_DEFAULTS.count, startMs: START, spanMs: SAMPLE_DEFAULTS.spanMs, seed: SAMPLE_DEFAULTS.seed });
    let index = 0;
    for (const status of regenerated) {
      if (JSON.stringify(status) !== committedLines[index])
        throw new Error(`line ${index + 1} differs: run npm run sample:generate -- --out ${path.relative(REPO_ROOT, SAMPLE_PATH)}`);
      index += 1;
    }
    expect(index).toBe(committedLines.length);
  });

  it('has about 30,000 valid lines over 60 minutes, each a status parseStatus accepts', () => {
    expect(committedLines).toHaveLength(SAMPLE_DEFAULTS.count);
    expect(posts).toHaveLength(SAMPLE_DEFAULTS.count);
    const times = posts.map((post) => post.createdAt);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(START);
    expect(Math.max(...times)).toBeLessThan(START + 60 * MINUTE);
  });

  it('mixes the planned languages, including null', () => {
    for (const { language, share } of SAMPLE_LANGUAGES) {
      const found = originals.filter((status) => status.language === language).length / originals.length;
      expect(found, `language ${language}`).toBeGreaterThan(share * 0.7);
      expect(found, `language ${language}`).toBeLessThan(share * 1.3);
    }
    expect(originals.some((status) => status.content.includes('今日は朝から雨が降っています。'))).toBe(true);
    expect(originals.some((status) => status.language === 'zh' && /[\u4e00-\u9fff]/u.test(status.content))).toBe(true);
  });

  it('has boosts: a status of its own wrapping an original, with another uri and id', () => {
    const boosts = statuses.filter((status) => status.reblog !== null);
    expect(boosts.length).toBeGreaterThan(1_500);
    for (const boost of boosts) {
      expect(boost.uri).not.toBe(boost.reblog?.uri);
      expect(boost.id).not.toBe(boost.reblog?.id);
      expect(boost.content).toBe('');
    }
    // Remote boosts come without a url; the instance is then the uri's host.
    const withoutUrl = posts.filter((post) => post.isBoost && post.url === null);
    expect(withoutUrl.length).toBeGreaterThan(100);
    expect(withoutUrl.every((post) => post.instance === hostOf(post.uri))).toBe(true);
  });

  it('has the same post from two instances: same uri, other id, other instance', () => {
    const byUri = new Map<string, Post[]>();
    for (const post of posts.filter((candidate) => !candidate.isBoost)) byUri.set(post.uri, [...(byUri.get(post.uri) ?? []), post]);
    const acrossInstances = [...byUri.values()].filter((copies) => new Set(copies.map((copy) => copy.instance)).size > 1);
    expect(acrossInstances.length).toBeGreaterThan(800);
    for (const copies of acrossInstances) expect(new Set(copies.map((copy) => copy.statusId)).size).toBeGreaterThan(1);
  });

  it('has exact duplicate lines (as when a stream and a REST gap fill both deliver a status)', () => {
    expect(committedLines.length - new Set(committedLines).size).toBeGreaterThan(150);
  });

  it('renders content as Mastodon does: links, mentions, hashtags, custom and unicode emoji', () => {
    const has = (pattern: RegExp) => originals.filter((status) => pattern.test(status.content)).length;
    expect(has(/<span class="invisible">https:\/\/(www\.)?<\/span><span class="ellipsis">/u)).toBeGreaterThan(100);
    expect(has(/<span class="h-card" translate="no"><a href="[^"]+" class="u-url mention">@<span>\w+<\/span><\/a><\/span>/u)).toBeGreaterThan(1000);
    expect(has(/<a href="[^"]+\/tags\/[^"]+" class="mention hashtag" rel="tag">#<span>[^<]+<\/span><\/a>/u)).toBeGreaterThan(1000);
    expect(has(/<br \/>/u)).toBeGreaterThan(100);
    expect(has(/&#39;/u)).toBeGreaterThan(100);
    expect(has(/\p{Extended_Pictographic}/u)).toBeGreaterThan(1000);
    for (const status of originals) {
      const shortcodes = [...status.content.matchAll(/:([a-z_]+):/gu)].map((match) => match[1]);
      expect(status.emojis.map((emoji) => emoji.shortcode).sort()).toEqual(shortcodes.sort());
      const typedTags = [...status.content.matchAll(/#<span>([^<]+)<\/span>/gu)].map((match) => normalizeHashtag(match[1] ?? ''));
      expect(status.tags.map((tag) => tag.name).sort()).toEqual([...new Set(typedTags)].sort());
      expect(status.mentions).toHaveLength((status.content.match(/class="h-card"/gu) ?? []).length);
    }
    expect(originals.filter((status) => status.emojis.length > 0).length).toBeGreaterThan(500);
    expect(originals.filter((status) => status.spoiler_text !== '' && status.sensitive).length).toBeGreaterThan(300);
    expect(originals.filter((status) => status.in_reply_to_id !== null && status.content.startsWith('<p><span class="h-card"')).length).toBeGreaterThan(1000);
  });

  it('has bots and a few authors who opted out, in each way Mastodon offers', () => {
    const accounts = new Map(statuses.map((status) => [status.account.uri, status.account]));
    const all = [...accounts.values()];
    expect(all.filter((account) => account.bot).length).toBeGreaterThan(5);
    expect(all.filter((account) => account.discoverable === false).length).toBeGreaterThan(5);
    expect(all.filter((account) => account.indexable === false).length).toBeGreaterThan(5);
    expect(all.filter((account) => account.note.includes('#<span>nobot</span>')).length).toBeGreaterThan(5);
    expect(all.filter((account) => !('indexable' in account)).length).toBeGreaterThan(50);
    const optedOut = posts.filter((post) => authorOptedOut(post.account)).length / posts.length;
    expect(optedOut).toBeGreaterThan(0.01);
    expect(optedOut).toBeLessThan(0.1);
  });

  it.each(SAMPLE_BURSTS.map((burst) => [burst.name, burst] as const))('has the %s burst only inside its window', (_name, burst) => {
    const from = START + burst.from * 60 * MINUTE;
    const to = START + burst.to * 60 * MINUTE;
    const mentions = (post: Post) =>
      burst.token.startsWith('#') ? post.hashtags.includes(burst.token.slice(1)) : post.text.toLowerCase().includes(burst.token);
    const inside = posts.filter((post) => !post.isBoost && mentions(post) && post.createdAt >= from && post.createdAt < to);
    const outside = posts.filter((post) => !post.isBoost && mentions(post) && (post.createdAt < from || post.createdAt >= to));
    expect(inside.length).toBeGreaterThan(80);
    expect(outside).toHaveLength(0);
  });

  it(`makes "${PLANTED_TOP_WORD}" the top word from minute 50 on (once per post, stopwords aside, all languages)`, () => {
    for (const [fromMinute, toMinute] of [
      [50, 60],
      [55, 60],
      [58, 60],
    ] as const) {
      const ranking = topWords(posts, START + fromMinute * MINUTE, START + toMinute * MINUTE);
      expect(ranking[0]?.[0], `minutes ${fromMinute}-${toMinute}: ${JSON.stringify(ranking.slice(0, 5))}`).toBe(PLANTED_TOP_WORD);
      // Far ahead of every other word; its own hashtag (#aurora) rides the same burst.
      const nextWord = ranking.find(([word]) => word !== PLANTED_TOP_WORD && word !== `#${PLANTED_TOP_WORD}`);
      expect(ranking[0]![1], JSON.stringify(ranking.slice(0, 5))).toBeGreaterThan(2 * nextWord![1]);
    }
    // ...and is absent before its burst.
    expect(topWords(posts, START, START + 45 * MINUTE).find(([word]) => word === PLANTED_TOP_WORD)).toBeUndefined();
  });

  it("puts every burst sentence's token into the words the processor counts", () => {
    for (const burst of SAMPLE_BURSTS.filter((candidate) => !candidate.token.startsWith('#'))) {
      for (const language of ['en', 'de', 'ja', 'es', 'fr', 'zh'] as const) {
        for (const sentence of CORPORA[language].bursts[burst.name] ?? []) {
          expect(tokenize({ text: sentence, language, hashtags: [] }), sentence).toContain(burst.token);
        }
      }
    }
  });
});

/** What the processor counts, with its own tokenizer: words once per post; boosts and repeated URIs skipped. */
function topWords(all: readonly Post[], from: number, to: number): [string, number][] {
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  for (const post of all) {
    if (post.isBoost || seen.has(post.uri) || post.createdAt < from || post.createdAt >= to) continue;
    seen.add(post.uri);
    for (const word of tokenize({ text: post.text, language: post.language, hashtags: [] })) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
}
