import cliProgress from 'cli-progress';
import { runMain } from '@trendstream/runtime/run-main';
import { GENERATE_USAGE, parseGenerateArgs } from './generate-sample-args.js';
import { generatePosts } from './generate-posts.js';
import { writeJsonLines } from './write-jsonl.js';

async function main(): Promise<number> {
  // npm runs scripts from the repository root; INIT_CWD is where the user typed the command.
  const parsed = parseGenerateArgs(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd());
  if (!parsed.ok) {
    console.error(`sample:generate: ${parsed.message}`);
    console.error(GENERATE_USAGE);
    return 2;
  }
  if (parsed.help) {
    console.log(GENERATE_USAGE);
    return 0;
  }
  const { out, count, spanMs, seed, startMs } = parsed.args;
  const started = Date.now();
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { stream: process.stderr, format: 'generate |{bar}| {value}/{total} lines | {eta}s left', hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(count, 0);
  let nextLog = 0.1;
  const result = await writeJsonLines(out, generatePosts({ count, spanMs, seed, startMs }), (lines) => {
    bar?.update(lines);
    if (!bar && lines / count >= nextLog) {
      console.error(`sample:generate: ${lines}/${count} lines`);
      nextLog += 0.1;
    }
  });
  bar?.stop();
  const seconds = (Date.now() - started) / 1000;
  console.error(
    `sample:generate: wrote ${result.lines} lines (${(result.bytes / 1e6).toFixed(1)} MB of JSON) to ${out} in ${seconds.toFixed(1)} s, seed "${seed}", from ${new Date(startMs).toISOString()} over ${spanMs / 60_000} min`,
  );
  return 0;
}

runMain('sample:generate', main);
