import { Partitioners, type Kafka } from 'kafkajs';
import { FollowedHashtagsReader, FollowedHashtagsWriter } from '@trendstream/runtime/followed-hashtags';
import { parseHashtag } from '@trendstream/contracts/hashtag';
import { ensureTopics } from '@trendstream/runtime/kafka-topics';
import type { TopicNames } from '@trendstream/contracts/topics';

export const HASHTAGS_USAGE = `usage: npm run hashtags -- add TAG [TAG...] | remove TAG [TAG...] | list

Follows and unfollows hashtags in the compacted "hashtags" topic; the running live ingest subscribes and
unsubscribes them on every instance at once. Tags are normalized as Mastodon does (#Café -> cafe).`;

export type HashtagsCommand = { command: 'add' | 'remove'; tags: string[] } | { command: 'list' } | { command: 'help' };

export type ParsedHashtagsArgs = { ok: true; value: HashtagsCommand } | { ok: false; errors: string[] };

/** Pure: validates the whole command line before anything is written. */
export function parseHashtagsArgs(argv: readonly string[]): ParsedHashtagsArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { ok: true, value: { command: 'help' } };
  if (command === 'list') {
    return rest.length === 0 ? { ok: true, value: { command: 'list' } } : { ok: false, errors: ['list takes no arguments'] };
  }
  if (command !== 'add' && command !== 'remove') return { ok: false, errors: [`unknown command "${command}"`] };
  if (rest.length === 0) return { ok: false, errors: [`${command} needs at least one hashtag`] };
  const errors: string[] = [];
  const tags: string[] = [];
  for (const input of rest) {
    const check = parseHashtag(input);
    if (check.ok) tags.push(check.tag);
    else errors.push(`"${input}" is not a valid hashtag: ${check.reason}`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: { command, tags: [...new Set(tags)] } };
}

export interface HashtagsCliDeps {
  kafka: Kafka;
  topics: TopicNames;
  postsPartitions: number;
  out: (line: string) => void;
}

/** Runs a validated command against Kafka, reporting each step through `out`. */
export async function runHashtagsCommand(command: Exclude<HashtagsCommand, { command: 'help' }>, deps: HashtagsCliDeps): Promise<void> {
  const admin = deps.kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, deps.topics, { postsPartitions: deps.postsPartitions });
  } finally {
    await admin.disconnect();
  }
  if (command.command === 'list') {
    const reader = new FollowedHashtagsReader(deps.kafka, { topic: deps.topics.hashtags, groupIdPrefix: 'trendstream-hashtags-cli', maxWaitTimeInMs: 100 });
    try {
      await reader.start();
      await reader.ready();
      const entries = reader.entries();
      if (entries.length === 0) deps.out('no hashtags followed');
      for (const entry of entries) deps.out(`#${entry.tag}\tfollowed since ${entry.followedAt}`);
    } finally {
      await reader.stop();
    }
    return;
  }
  const producer = deps.kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    const writer = new FollowedHashtagsWriter(producer, deps.topics.hashtags);
    for (const tag of command.tags) {
      if (command.command === 'add') {
        await writer.follow(tag);
        deps.out(`following #${tag}`);
      } else {
        await writer.unfollow(tag);
        deps.out(`no longer following #${tag}`);
      }
    }
  } finally {
    await producer.disconnect();
  }
}
