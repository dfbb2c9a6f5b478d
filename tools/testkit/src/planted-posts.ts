import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { uniqueName } from './names.js';

export interface PlantedPostsOptions {
  /** The word every post carries; make it unique per test (see plantedWord). */
  word: string;
  count: number;
  /** created_at of every post; default now. */
  createdAt?: Date;
  /** Optional hashtag (without '#') every post carries. */
  hashtag?: string;
}

/** A word the tokenizer keeps (lowercase ASCII letters, no stopword) that no other test or sample uses. */
export function plantedWord(): string {
  return `zq${[...randomBytes(10)].map((byte) => String.fromCharCode(97 + (byte % 26))).join('')}`;
}

/**
 * A replay file (JSON Lines of Mastodon Status entities, as the REST API serves them) of `count` public English
 * posts, each carrying `word` once, under URIs no other file uses. Returns the file.
 */
export function writePlantedPosts(file: string, options: PlantedPostsOptions): string {
  const createdAt = (options.createdAt ?? new Date()).toISOString();
  const run = uniqueName('planted').replace(/[^A-Za-z0-9]/gu, '');
  const lines = Array.from({ length: options.count }, (_, i) => {
    const id = `${Date.now()}${String(i).padStart(6, '0')}`;
    const host = 'planted.example';
    const tags = options.hashtag ? [{ name: options.hashtag, url: `https://${host}/tags/${options.hashtag}` }] : [];
    const tagText = options.hashtag
      ? ` <a href="https://${host}/tags/${options.hashtag}" class="mention hashtag" rel="tag">#<span>${options.hashtag}</span></a>`
      : '';
    return JSON.stringify({
      id,
      created_at: createdAt,
      in_reply_to_id: null,
      in_reply_to_account_id: null,
      sensitive: false,
      spoiler_text: '',
      visibility: 'public',
      language: 'en',
      uri: `https://${host}/users/tester/statuses/${run}-${i}`,
      url: `https://${host}/@tester/${run}-${i}`,
      replies_count: 0,
      reblogs_count: 0,
      favourites_count: 0,
      edited_at: null,
      content: `<p>Everyone is talking about ${options.word} this morning${tagText}</p>`,
      reblog: null,
      account: {
        id: '1',
        username: 'tester',
        acct: 'tester',
        display_name: 'Tester',
        locked: false,
        bot: false,
        discoverable: true,
        indexable: true,
        group: false,
        note: '',
        url: `https://${host}/@tester`,
        uri: `https://${host}/users/tester`,
        emojis: [],
        fields: [],
      },
      media_attachments: [],
      mentions: [],
      tags,
      emojis: [],
      card: null,
      poll: null,
    });
  });
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
