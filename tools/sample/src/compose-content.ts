import { normalizeHashtag } from '@trendstream/contracts/hashtag';
import { CUSTOM_EMOJI, LINKS, UNICODE_EMOJI, type TextLanguage } from './corpus/corpora.js';
import type { LanguageCorpus } from './corpus/corpus-types.js';
import { escapeHtml, hashtagHtml, linkHtml, mentionHtml, paragraphsHtml } from './mastodon-html.js';
import { customEmoji, type CustomEmojiJson, type MentionJson, type TagJson } from './mastodon-entities.js';
import type { Random } from './random.js';
import { accountSeenFrom, type SampleAccount } from './sample-accounts.js';

export interface BurstText {
  sentences: readonly string[];
  hashtag: string;
  /** A hashtag burst puts its tag on every post; a word burst on about half. */
  alwaysTagged: boolean;
}

export interface ContentRequest {
  random: Random;
  textLanguage: TextLanguage;
  corpus: LanguageCorpus;
  host: string;
  burst: BurstText | null;
  /** Someone to reply to or mention. */
  pickOther: () => SampleAccount;
}

export interface ComposedContent {
  content: string;
  tags: TagJson[];
  mentions: MentionJson[];
  emojis: CustomEmojiJson[];
  spoilerText: string;
  /** Set when the post replies to someone (its content then starts with the mention). */
  repliesTo: SampleAccount | null;
}

const NO_SPACE_LANGUAGES: ReadonlySet<TextLanguage> = new Set(['ja', 'zh']);
const CONTENT_WARNINGS = ['Spoilers', 'Food', 'Long post', 'News', 'Politics'];

/** The HTML and entity lists of one original post, with links, mentions, hashtags and emoji as Mastodon renders them. */
export function composeContent(request: ContentRequest): ComposedContent {
  const { random, corpus, host } = request;
  const sentences = [request.burst ? random.pick(request.burst.sentences) : fillFrame(random, corpus)];
  if (random.chance(0.3)) sentences.push(fillFrame(random, corpus));
  if (random.chance(0.2)) sentences.push(random.pick(corpus.extras));
  const joiner = random.chance(0.12) ? '<br />' : NO_SPACE_LANGUAGES.has(request.textLanguage) ? '' : ' ';
  let first = sentences.map(escapeHtml).join(joiner);

  const mentions: MentionJson[] = [];
  const mention = (account: SampleAccount): string => {
    const seen = accountSeenFrom(account, host);
    mentions.push({ id: seen.id, username: account.username, url: account.home.url, acct: seen.acct });
    return mentionHtml(account.home.url, account.username);
  };
  const repliesTo = random.chance(0.12) ? request.pickOther() : null;
  if (repliesTo) first = `${mention(repliesTo)} ${first}`;

  const paragraphs = [first];
  if (random.chance(0.12)) {
    const link = linkHtml(random.pick(LINKS));
    if (random.chance(0.5)) paragraphs[0] = `${paragraphs[0]} ${link}`;
    else paragraphs.push(link);
  }
  if (random.chance(0.15)) paragraphs[0] = `${paragraphs[0]} ${random.pick(UNICODE_EMOJI)}`;
  const emojis: CustomEmojiJson[] = [];
  if (random.chance(0.06)) {
    const index = random.int(0, CUSTOM_EMOJI.length - 1);
    const shortcode = CUSTOM_EMOJI[index] ?? 'blobcat';
    paragraphs[0] = `${paragraphs[0]} :${shortcode}:`;
    emojis.push(customEmoji(host, shortcode, index));
  }
  if (random.chance(0.04)) paragraphs.push(`cc ${mention(request.pickOther())}`);

  const typedTags: string[] = [];
  if (request.burst && (request.burst.alwaysTagged || random.chance(0.5))) typedTags.push(request.burst.hashtag);
  if (random.chance(0.2)) typedTags.push(random.pick(corpus.hashtags));
  if (random.chance(0.05)) typedTags.push(random.pick(corpus.hashtags));
  const tags = uniqueTags(host, typedTags);
  if (tags.length > 0)
    paragraphs.push(
      typedTags
        .filter((tag, i) => typedTags.indexOf(tag) === i)
        .map((tag) => hashtagHtml(host, tag))
        .join(' '),
    );

  return {
    content: paragraphsHtml(paragraphs),
    tags,
    mentions,
    emojis,
    spoilerText: random.chance(0.03) ? random.pick(CONTENT_WARNINGS) : '',
    repliesTo,
  };
}

function fillFrame(random: Random, corpus: LanguageCorpus): string {
  const frame = random.pick(corpus.frames);
  if (!frame.includes('{t}')) return frame;
  return frame.replaceAll('{t}', random.pickSkewed(corpus.topics, 2));
}

/** tags[] as the API lists them: once each, by normalized name, linked to the instance's tag page. */
function uniqueTags(host: string, typed: readonly string[]): TagJson[] {
  const names = [...new Set(typed.map((tag) => normalizeHashtag(tag)))];
  return names.map((name) => ({ name, url: `https://${host}/tags/${encodeURIComponent(name)}` }));
}
