import { Kafka } from 'kafkajs';
import { KAFKAJS_LOG_LEVEL, kafkaLogCreator } from '@trendstream/runtime/kafka-log';
import { createCliLogger } from '@trendstream/runtime/logger';
import { runMain } from '@trendstream/runtime/run-main';
import { topicNames } from '@trendstream/contracts/topics';
import { DEFAULT_LOCAL_STACK_FILE, withLocalStack } from '@trendstream/runtime/local-stack';
import { loadKafkaOnlyConfig } from './config.js';
import { HASHTAGS_USAGE, parseHashtagsArgs, runHashtagsCommand } from './hashtags/hashtags-cli.js';
import { loadDotEnv } from './dot-env.js';

/** `npm run hashtags -- add|remove TAG... | list`. Exit codes: 0 done, 1 Kafka failed, 2 bad input or config. */
async function main(argv: string[]): Promise<number> {
  loadDotEnv();
  const args = parseHashtagsArgs(argv);
  if (!args.ok) {
    for (const error of args.errors) console.error(`hashtags: ${error}`);
    console.error(HASHTAGS_USAGE);
    return 2;
  }
  if (args.value.command === 'help') {
    console.log(HASHTAGS_USAGE);
    return 0;
  }
  // Without KAFKA_BROKERS, the broker of a running `npm start` on this machine.
  const { env } = withLocalStack(process.env, process.env.TRENDSTREAM_STACK_FILE || DEFAULT_LOCAL_STACK_FILE);
  const config = loadKafkaOnlyConfig('hashtags', env);
  const logger = createCliLogger('hashtags', config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL);
  const kafka = new Kafka({
    clientId: 'trendstream-hashtags-cli',
    brokers: config.KAFKA_BROKERS,
    logLevel: KAFKAJS_LOG_LEVEL,
    logCreator: kafkaLogCreator(logger),
  });
  try {
    await runHashtagsCommand(args.value, {
      kafka,
      topics: topicNames(config.TOPIC_PREFIX),
      postsPartitions: config.POSTS_PARTITIONS,
      out: (line) => console.log(line),
    });
    return 0;
  } catch (error) {
    console.error(`hashtags: could not reach Kafka at ${config.KAFKA_BROKERS.join(',')}: ${(error as Error).message}`);
    return 1;
  }
}

runMain('hashtags', () => main(process.argv.slice(2)));
