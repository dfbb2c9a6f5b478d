import { CORPORA, CUSTOM_EMOJI, TEXT_LANGUAGES, type TextLanguage } from './corpus/corpora.js';
import { hashtagHtml, escapeHtml, paragraphsHtml } from './mastodon-html.js';
import { customEmoji, snowflakeId, type AccountJson } from './mastodon-entities.js';
import type { Random } from './random.js';

export interface SampleAccount {
  language: TextLanguage;
  host: string;
  username: string;
  /** The account as its home instance serves it. */
  home: AccountJson;
  /** The id another instance gave its copy of the account. */
  remoteId: string;
}

const SUFFIXES = ['', '_', 'dev', 'photo', 'reads', 'bakes', 'hikes', 'music', 'cat', 'codes', 'art', '42', '_jp', 'x', 'studio'];
const DAY_MS = 86_400_000;

/**
 * A fixed pool of accounts, per language. About 2% are bots; a few opted out of discovery in each of the ways
 * Mastodon offers (`discoverable: false`, `indexable: false`, `#nobot` in the bio); some come from servers too
 * old to send `indexable`.
 */
export function createAccounts(random: Random, total: number, sampleStart: number): Map<TextLanguage, SampleAccount[]> {
  const pools = new Map<TextLanguage, SampleAccount[]>();
  const taken = new Set<string>();
  for (const language of TEXT_LANGUAGES) {
    const corpus = CORPORA[language];
    const size = Math.max(8, Math.round(total * POOL_SHARE[language]));
    const pool: SampleAccount[] = [];
    for (let i = 0; i < size; i += 1) {
      const person = random.pick(corpus.people);
      const host = random.pickSkewed(corpus.instances, 2);
      let username = `${person.username}${random.pick(SUFFIXES)}`;
      while (taken.has(`${username}@${host}`)) username = `${person.username}${random.int(2, 9999)}`;
      taken.add(`${username}@${host}`);
      const createdAt = sampleStart - random.int(30, 3000) * DAY_MS;
      const home = accountJson(random, { language, host, username, displayName: person.displayName, createdAt });
      pool.push({ language, host, username, home, remoteId: snowflakeId(sampleStart - random.int(1, 900) * DAY_MS, random.int(0, 0xffff)) });
    }
    pools.set(language, pool);
  }
  return pools;
}

/** Accounts per language, roughly as the languages' shares of posts. */
const POOL_SHARE: Readonly<Record<TextLanguage, number>> = { en: 0.42, de: 0.18, ja: 0.14, es: 0.09, fr: 0.09, zh: 0.05 };

interface AccountSeed {
  language: TextLanguage;
  host: string;
  username: string;
  displayName: string;
  createdAt: number;
}

function accountJson(random: Random, seed: AccountSeed): AccountJson {
  const { host, username } = seed;
  const optOut = random.float();
  // Plenty of people never write a bio or set a display name; Mastodon then sends empty strings.
  const noteText = random.chance(0.45) ? '' : escapeHtml(random.pick(CORPORA[seed.language].notes));
  const optedOutInBio = optOut >= 0.03 && optOut < 0.04;
  const note = optedOutInBio ? `${noteText} ${hashtagHtml(host, 'nobot')}`.trim() : noteText;
  const displayName = random.chance(0.25) ? '' : seed.displayName;
  const shortcode = CUSTOM_EMOJI.find((code) => displayName.includes(`:${code}:`));
  const account: AccountJson = {
    id: snowflakeId(seed.createdAt, random.int(0, 0xffff)),
    username,
    acct: username,
    display_name: displayName,
    locked: random.chance(0.03),
    bot: random.chance(0.02),
    discoverable: optOut < 0.015 ? false : random.chance(0.05) ? null : true,
    indexable: !(optOut >= 0.015 && optOut < 0.03),
    group: false,
    note: note === '' ? '' : paragraphsHtml([note]),
    url: `https://${host}/@${username}`,
    uri: `https://${host}/users/${username}`,
    emojis: shortcode ? [customEmoji(host, shortcode, CUSTOM_EMOJI.indexOf(shortcode))] : [],
    fields: [],
  };
  // Servers older than Mastodon 4.2 do not send `indexable` at all.
  if (random.chance(0.1) && account.indexable !== false) delete account.indexable;
  return account;
}

/** The account as another instance serves it: its own id for it, and `acct` with the home domain. */
export function accountSeenFrom(account: SampleAccount, viewerHost: string): AccountJson {
  if (viewerHost === account.host) return account.home;
  return { ...account.home, id: account.remoteId, acct: `${account.username}@${account.host}` };
}
