import { ArrivalTimes } from './arrival-times.js';
import { composeContent, type BurstText } from './compose-content.js';
import { CORPORA, TEXT_LANGUAGES, type TextLanguage } from './corpus/corpora.js';
import { snowflakeId, type MediaAttachmentJson, type StatusJson } from './mastodon-entities.js';
import { createRandom, type Random } from './random.js';
import { accountSeenFrom, createAccounts, type SampleAccount } from './sample-accounts.js';
import { burstShare, SAMPLE_BURSTS, SAMPLE_LANGUAGES, SAMPLE_MIX, type SampleBurst, type SampleLanguage } from './sample-plan.js';

export interface GenerateOptions {
  /** Lines to generate (originals, boosts and duplicates together). */
  count: number;
  startMs: number;
  spanMs: number;
  seed: string;
}

interface Original {
  status: StatusJson;
  author: SampleAccount;
  createdAt: number;
}

/** Text of null-language posts: mostly English, as on the real fediverse. */
const NULL_LANGUAGE_TEXT: readonly TextLanguage[] = ['en', 'en', 'en', 'en', 'en', 'de', 'es', 'fr'];
const RECENT_ORIGINALS = 400;
const RECENT_LINES = 200;
/** Federation delivers within seconds: a copy from a second instance arrives this soon after the original. */
const COPY_WITHIN_MS = 8_000;
/** Most boosts come soon after the original (it is on the booster's home timeline now). */
const EARLY_BOOST_WITHIN_MS = 20_000;
/** Chance that an original is by someone who posted moments ago (threads, replies in a conversation). */
const SAME_AUTHOR_AGAIN = 0.4;
const RECENT_AUTHORS = 12;
const POSTS_PER_ACCOUNT = 20;
const ALL_HOSTS = [...new Set(TEXT_LANGUAGES.flatMap((language) => CORPORA[language].instances))].sort();

/**
 * Mastodon Status entities, one per line of a replay file, in arrival order: a pure function of the options
 * (same seed, same statuses). See sample-plan.ts for what the mix contains.
 */
export function* generatePosts(options: GenerateOptions): Generator<StatusJson> {
  const random = createRandom(options.seed);
  const accounts = createAccounts(random, Math.min(3000, Math.max(300, Math.round(options.count / POSTS_PER_ACCOUNT))), options.startMs);
  const arrivals = new ArrivalTimes(options.startMs, options.spanMs, options.count, SAMPLE_BURSTS);
  const originals: Original[] = [];
  const lines: StatusJson[] = [];
  const recentAuthors: SampleAccount[] = [];
  let sequence = 0;
  const nextSequence = (): number => (sequence = (sequence + 1) & 0xffff);

  for (let index = 0; index < options.count; index += 1) {
    const now = arrivals.at(index, random.float());
    const kind = random.float();
    let status: StatusJson | undefined;
    if (kind < SAMPLE_MIX.boost) {
      const original = recent(random, originals, random.chance(0.7) ? EARLY_BOOST_WITHIN_MS : Number.POSITIVE_INFINITY, now);
      if (original) status = boost(random, accounts, original, now, nextSequence(), nextSequence());
    } else if (kind < SAMPLE_MIX.boost + SAMPLE_MIX.crossInstanceCopy) {
      const original = recent(random, originals, COPY_WITHIN_MS, now);
      if (original) status = crossInstanceCopy(random, original, now, nextSequence());
    } else if (kind < SAMPLE_MIX.boost + SAMPLE_MIX.crossInstanceCopy + SAMPLE_MIX.exactDuplicate) {
      status = lines.length > 0 ? random.pick(lines) : undefined;
    }
    if (!status) {
      const original = originalPost(random, accounts, recentAuthors, options, now, nextSequence());
      remember(recentAuthors, original.author, RECENT_AUTHORS);
      remember(originals, original, RECENT_ORIGINALS);
      status = original.status;
    }
    remember(lines, status, RECENT_LINES);
    yield status;
  }
}

function remember<T>(ring: T[], item: T, size: number): void {
  if (ring.length >= size) ring.shift();
  ring.push(item);
}

function recent(random: Random, originals: readonly Original[], withinMs: number, now: number): Original | undefined {
  const candidates = originals.filter((original) => now - original.createdAt <= withinMs);
  return candidates.length > 0 ? random.pick(candidates) : undefined;
}

function pickLanguage(random: Random): SampleLanguage {
  let roll = random.float();
  for (const { language, share } of SAMPLE_LANGUAGES) {
    roll -= share;
    if (roll < 0) return language;
  }
  return 'en';
}

function pickAccount(random: Random, accounts: Map<TextLanguage, SampleAccount[]>, language: TextLanguage): SampleAccount {
  // A few accounts write most posts, as everywhere.
  return random.pickSkewed(accounts.get(language) ?? [], 2);
}

function activeBurst(random: Random, language: SampleLanguage, textLanguage: TextLanguage, at: number): BurstText | null {
  for (const burst of SAMPLE_BURSTS) {
    const sentences = CORPORA[textLanguage].bursts[burst.name];
    if (!sentences || !burst.languages.includes(language)) continue;
    const share = burstShare(burst, at);
    if (share > 0 && random.chance(share)) return { sentences, hashtag: burst.hashtag, alwaysTagged: isHashtagBurst(burst) };
  }
  return null;
}

function isHashtagBurst(burst: SampleBurst): boolean {
  return burst.token.startsWith('#');
}

function originalPost(
  random: Random,
  accounts: Map<TextLanguage, SampleAccount[]>,
  recentAuthors: readonly SampleAccount[],
  options: GenerateOptions,
  now: number,
  sequence: number,
): Original {
  const language = pickLanguage(random);
  const textLanguage = language ?? random.pick(NULL_LANGUAGE_TEXT);
  const sameLanguage = recentAuthors.filter((candidate) => candidate.language === textLanguage);
  const again = sameLanguage.length > 0 && random.chance(SAME_AUTHOR_AGAIN) ? random.pick(sameLanguage) : undefined;
  const author = again ?? pickAccount(random, accounts, textLanguage);
  const host = author.host;
  const burst = activeBurst(random, language, textLanguage, (now - options.startMs) / options.spanMs);
  const composed = composeContent({
    random,
    textLanguage,
    corpus: CORPORA[textLanguage],
    host,
    burst,
    pickOther: () => pickAccount(random, accounts, random.chance(0.8) ? textLanguage : random.pick(TEXT_LANGUAGES)),
  });
  const id = snowflakeId(now, sequence);
  const media = random.chance(0.05) ? [imageAttachment(random, host, now, CORPORA[textLanguage].altTexts)] : [];
  const status: StatusJson = {
    id,
    created_at: new Date(now).toISOString(),
    in_reply_to_id: composed.repliesTo ? snowflakeId(now - random.int(60_000, 3_600_000), random.int(0, 0xffff)) : null,
    in_reply_to_account_id: composed.repliesTo ? accountSeenFrom(composed.repliesTo, host).id : null,
    sensitive: composed.spoilerText !== '',
    spoiler_text: composed.spoilerText,
    visibility: 'public',
    language,
    uri: `https://${host}/users/${author.username}/statuses/${id}`,
    url: `https://${host}/@${author.username}/${id}`,
    // A status arrives on the stream as it is created: nobody has replied, boosted or liked it yet.
    replies_count: 0,
    reblogs_count: 0,
    favourites_count: 0,
    edited_at: null,
    content: composed.content,
    reblog: null,
    account: author.home,
    media_attachments: media,
    mentions: composed.mentions,
    tags: composed.tags,
    emojis: composed.emojis,
    card: null,
    poll: null,
  };
  return { status, author, createdAt: now };
}

function imageAttachment(random: Random, host: string, now: number, altTexts: readonly string[]): MediaAttachmentJson {
  const id = snowflakeId(now - random.int(1_000, 60_000), random.int(0, 0xffff));
  const path = id.padStart(18, '0').match(/.{3}/gu)?.join('/') ?? id;
  const width = random.pick([1200, 1600, 2048]);
  const height = random.pick([800, 900, 1536]);
  return {
    id,
    type: 'image',
    url: `https://${host}/system/media_attachments/files/${path}/original/${id.slice(-12)}.jpg`,
    preview_url: `https://${host}/system/media_attachments/files/${path}/small/${id.slice(-12)}.jpg`,
    remote_url: null,
    preview_remote_url: null,
    text_url: null,
    meta: { original: { width, height, size: `${width}x${height}`, aspect: Math.round((width / height) * 1000) / 1000 } },
    description: random.pick(altTexts),
    blurhash: 'UBL_:rOpGG-oBUNG,qRj2so|=eE1w^n4S5NH',
  };
}

/** The original as another instance serves it: that instance's id, the author's acct with domain; url and uri unchanged. */
function seenFrom(original: Original, viewerHost: string, receivedAt: number, sequence: number): StatusJson {
  if (viewerHost === original.author.host) return original.status;
  return { ...original.status, id: snowflakeId(receivedAt, sequence), account: accountSeenFrom(original.author, viewerHost) };
}

/**
 * A boost, as the booster's instance serves it: a status of its own (uri ending in /activity, no content, no
 * language) wrapping the original. Boosts from remote servers often carry no `url`.
 */
function boost(
  random: Random,
  accounts: Map<TextLanguage, SampleAccount[]>,
  original: Original,
  now: number,
  sequence: number,
  copySequence: number,
): StatusJson {
  const booster = pickAccount(random, accounts, random.chance(0.7) ? original.author.language : random.pick(TEXT_LANGUAGES));
  const host = booster.host;
  const id = snowflakeId(now, sequence);
  const uri = `https://${host}/users/${booster.username}/statuses/${id}/activity`;
  return {
    id,
    created_at: new Date(now).toISOString(),
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    sensitive: false,
    spoiler_text: '',
    visibility: 'public',
    language: null,
    uri,
    url: random.chance(0.3) ? null : uri,
    replies_count: 0,
    reblogs_count: 0,
    favourites_count: 0,
    edited_at: null,
    content: '',
    // The booster's instance received the original shortly after it was written, and gave it its own id then.
    reblog: seenFrom(original, host, Math.min(now - 1, original.createdAt + random.int(100, 5_000)), copySequence),
    account: booster.home,
    media_attachments: [],
    mentions: [],
    tags: [],
    emojis: [],
    card: null,
    poll: null,
  };
}

/**
 * The same post read from a second instance: same `uri`, that instance's `id`. Mastodon's API would keep
 * the origin's `url`; the copy carries the second instance's address for the post instead (the form its web
 * interface links to), because the replay derives the instance from `url` and a Status says nothing else
 * about where it was read. See docs/data-format.md.
 */
function crossInstanceCopy(random: Random, original: Original, now: number, sequence: number): StatusJson {
  const receiver = random.pick(ALL_HOSTS.filter((host) => host !== original.author.host));
  const copy = seenFrom(original, receiver, now, sequence);
  return { ...copy, url: `https://${receiver}/@${original.author.username}@${original.author.host}/${copy.id}` };
}
