import { createCliLogger } from '@trendstream/runtime/logger';
import { runMain, type MainContext } from '@trendstream/runtime/run-main';
import { DEFAULT_LOCAL_STACK_FILE, withLocalStack } from '@trendstream/runtime/local-stack';
import { loadReplayConfig } from './config.js';
import { startLatePostsWatch, type LatePostsWatch } from './replay/late-posts-watch.js';
import { checkReplayFile } from './replay/check-file.js';
import { parseReplayArgs, REPLAY_USAGE } from './replay/replay-args.js';
import { createBarReporter, createLogReporter } from './replay/replay-reporter.js';
import { KafkaUnavailableError, replayToKafka } from './replay/replay-to-kafka.js';
import { loadDotEnv } from './dot-env.js';

const LATE_CHECK_INTERVAL_MS = 2_000;
const LATE_SETTLE_MS = 15_000;

/** Exit codes: 0 done (or stopped cleanly by a signal), 1 a failure while replaying, 2 bad arguments, file or configuration. */
async function main({ signal }: MainContext): Promise<number> {
  loadDotEnv();
  // npm runs scripts from the repository root; INIT_CWD is where the user typed the command.
  const parsed = parseReplayArgs(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd());
  if (!parsed.ok) {
    console.error(`replay: ${parsed.message}`);
    console.error(REPLAY_USAGE);
    return 2;
  }
  if (parsed.help) {
    console.log(REPLAY_USAGE);
    return 0;
  }
  const fileProblem = await checkReplayFile(parsed.args.file);
  if (fileProblem) {
    console.error(`replay: ${fileProblem}`);
    return 2;
  }
  // Without KAFKA_BROKERS, the broker of a running `npm start` on this machine.
  const { env, found } = withLocalStack(process.env, process.env.TRENDSTREAM_STACK_FILE || DEFAULT_LOCAL_STACK_FILE);
  // Only the Kafka variables (the same set the hashtags CLI reads): a replay must not fail over live-mode settings.
  const config = loadReplayConfig(env);
  const logger = createCliLogger('replay', config.LOG_LEVEL);
  if (found) logger.info(`replaying into the running npm start: Kafka ${found.brokers}, dashboard ${found.processorUrl}`);
  const reporter = process.stderr.isTTY ? createBarReporter(process.stderr) : createLogReporter(logger);
  // A file shifted to now cannot be late; one played at its own times can be, and nothing else would say so.
  let lateWatch: LatePostsWatch | undefined;
  if (config.PROCESSOR_URL && !parsed.args.shiftToNow) {
    lateWatch = await startLatePostsWatch({
      processorUrl: config.PROCESSOR_URL,
      intervalMs: LATE_CHECK_INTERVAL_MS,
      settleMs: LATE_SETTLE_MS,
      onFirstLate: (text) => reporter.notice(text),
    });
  }

  signal.addEventListener('abort', () => logger.info({ signal: signal.reason as string }, 'stopping: producing what was read, then exiting'), { once: true });

  try {
    const summary = await replayToKafka(
      { file: parsed.args.file, pace: parsed.args.pace, loop: parsed.args.loop, shiftToNow: parsed.args.shiftToNow },
      {
        config: { brokers: config.KAFKA_BROKERS, topicPrefix: config.TOPIC_PREFIX, postsPartitions: config.POSTS_PARTITIONS },
        logger,
        events: reporter,
        signal,
      },
    );
    reporter.finish({ ...summary, latePosts: (await lateWatch?.stop()) ?? null });
    return summary.failure ? 1 : 0;
  } catch (error) {
    await lateWatch?.stop();
    if (!(error instanceof KafkaUnavailableError)) throw error;
    console.error(`replay: ${error.message}`);
    return 1;
  }
}

runMain('replay', main);
