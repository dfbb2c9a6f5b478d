/**
 * WindowIndex at the benchmark's scale: an hour at 1,000 posts/s in 5 s buckets (720 buckets of ~1,000
 * (lang, word) entries, Zipf-like over 300,000 words in 10 languages) after 6 lighter hours of baseline (250
 * entries a bucket); then live steps of one bucket each: the bucket's counts, a 5,000-change batch (late changes
 * and deletes included, see window-index-workload.ts), a move by one bucket, expiry, and trends for every window,
 * sort and filter (all languages and one), after the step, after a 10-change batch, and again unchanged. Prints
 * timings and memory, then checks every answer against the SQL's definition (test/unit/window-index-reference.ts).
 *
 *   npx vite-node processor/bench/window-index-bench.ts [--steps 120] [--no-verify]
 *
 * (vite-node comes with vitest; tsx is not installed in this repository.)
 */
import os from 'node:os';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { isDeepStrictEqual } from 'node:util';
import { WindowIndex, type CountChange, type IndexFilter, type TrendSort } from '../src/windows/window-index.js';
import { planTrends } from '../src/trends/trend-plan.js';
import { ReferenceCounts } from '../test/unit/window-index-reference.js';
import { bucketChanges, liveBatch, random, risingChanges, RISING, Vocabulary } from './window-index-workload.js';

const BUCKET = 5_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const WINDOWS = [MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR];
const MIN_COUNT = 3;
const LIMIT = 50;
const START = Date.UTC(2026, 0, 1, 5);
const END_OF_LOAD = START + 7 * HOUR;
const FILTERS: IndexFilter[] = [{ scope: '' }, { scope: '', lang: 'en' }];
const SORTS: TrendSort[] = ['count', 'score'];

const { values: args } = parseArgs({ options: { steps: { type: 'string', default: '120' }, 'no-verify': { type: 'boolean', default: false } } });
const steps = Number(args.steps);

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** The whole stream, from the seed: what the index is fed, and later the reference too. */
function* workload(): Generator<
  { kind: 'apply'; changes: CountChange[]; timed?: string } | { kind: 'move'; watermark: number } | { kind: 'expire'; before: number }
> {
  const vocabulary = new Vocabulary(300_000, 1.05);
  const next = random(12);
  const risingFrom = END_OF_LOAD - 10 * MINUTE;
  let batch: CountChange[] = [];
  for (let bucket = START; bucket < END_OF_LOAD; bucket += BUCKET) {
    const heavy = bucket >= END_OF_LOAD - HOUR;
    batch.push(...bucketChanges(vocabulary, next, bucket, heavy ? 1_000 : 250, heavy ? 2 : 1), ...risingChanges(bucket, risingFrom, BUCKET));
    if (batch.length >= 5_000) {
      yield { kind: 'apply', changes: batch };
      batch = [];
    }
  }
  yield { kind: 'apply', changes: batch };
  yield { kind: 'move', watermark: END_OF_LOAD - BUCKET };
  yield { kind: 'expire', before: END_OF_LOAD - BUCKET - horizonMs };
  for (let step = 0; step < steps; step += 1) {
    const newest = END_OF_LOAD + step * BUCKET;
    yield { kind: 'apply', changes: [...bucketChanges(vocabulary, next, newest, 1_000, 2), ...risingChanges(newest, risingFrom, BUCKET)], timed: 'bucket' };
    yield { kind: 'apply', changes: liveBatch(vocabulary, next, newest, BUCKET, 5_000), timed: 'batch' };
    yield { kind: 'move', watermark: newest };
    yield { kind: 'expire', before: newest - horizonMs };
    yield { kind: 'apply', changes: liveBatch(vocabulary, next, newest, BUCKET, 10), timed: 'small' };
  }
}

const horizonMs = new WindowIndex({ bucketMs: BUCKET, windowsMs: WINDOWS, minCount: MIN_COUNT }).horizonMs;
/**
 * Each measurement's [start, end, CPU ms of the process] by name, and the GC pauses: to tell the index's own time
 * from the collector's, and CPU time from wall time lost to the other processes of a shared machine.
 */
const times = new Map<string, Array<[number, number, number]>>();
const pauses: Array<[number, number]> = [];
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) pauses.push([entry.startTime, entry.startTime + entry.duration]);
});
observer.observe({ entryTypes: ['gc'] });
function timed<T>(name: string, run: () => T): T {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = run();
  const list = times.get(name) ?? [];
  const ended = performance.now();
  const { user, system } = process.cpuUsage(cpu);
  list.push([started, ended, (user + system) / 1000]);
  times.set(name, list);
  return result;
}

function questions(): Array<{ name: string; windowMs: number; filter: IndexFilter; sort: TrendSort }> {
  return WINDOWS.flatMap((windowMs) =>
    FILTERS.flatMap((filter) => SORTS.map((sort) => ({ name: `${windowMs / MINUTE}m ${filter.lang ?? 'all'} ${sort}`, windowMs, filter, sort }))),
  );
}

const before = heapUsed();
const index = new WindowIndex({ bucketMs: BUCKET, windowsMs: WINDOWS, minCount: MIN_COUNT });
let watermark = 0;
let loaded = false;
let heapAfterLoad = 0;
let stored = { words: 0, series: 0, cells: 0, views: 0 };
const loadStarted = performance.now();
for (const op of workload()) {
  if (op.kind === 'apply') timed(op.timed ? `apply ${op.timed} (${op.changes.length} changes)` : 'apply while loading', () => index.apply(op.changes));
  else if (op.kind === 'expire') timed('expireBefore', () => index.expireBefore(op.before));
  else {
    timed(loaded ? 'moveTo +1 bucket' : 'moveTo (first)', () => index.moveTo(op.watermark));
    watermark = op.watermark;
  }
  if (op.kind === 'expire' && !loaded) {
    loaded = true;
    console.log(`loaded in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);
    heapAfterLoad = heapUsed();
    stored = index.stats();
    for (const question of questions()) timed(`first build ${question.name}`, () => index.trends(question.windowMs, question.filter, LIMIT, question.sort));
    continue;
  }
  if (op.kind === 'apply' && op.timed === 'batch') continue;
  if (op.kind === 'apply' && op.timed === 'small') {
    for (const question of questions())
      timed(`after small change: ${question.name}`, () => index.trends(question.windowMs, question.filter, LIMIT, question.sort));
    for (const question of questions())
      timed(`again, unchanged: ${question.name}`, () => index.trends(question.windowMs, question.filter, LIMIT, question.sort));
    timed('series 1h all', () => index.series('ok', HOUR, { scope: '' }));
  }
  if (op.kind === 'expire' && loaded) {
    for (const question of questions()) timed(`after step: ${question.name}`, () => index.trends(question.windowMs, question.filter, LIMIT, question.sort));
  }
}
const heapWithViews = heapUsed();

// GC entries reach the observer once the event loop turns.
await new Promise((resolve) => setTimeout(resolve, 100));
observer.disconnect();
console.log(`${pauses.length} GC pauses, ${pauses.reduce((total, [from, to]) => total + to - from, 0).toFixed(0)} ms in all`);
const quantile = (list: number[], q: number): number => [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(q * list.length))] ?? NaN;
const fixed = (ms: number): string => (Number.isFinite(ms) ? ms.toFixed(2) : '-');
console.log(
  `load average ${os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(' ')} on ${os.availableParallelism()} cores (other processes share them)`,
);
console.log(
  `\n${'what (wall ms, cpu: CPU ms)'.padEnd(44)} ${'n'.padStart(4)} ${'median'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)} ${'max/noGC'.padStart(8)} ${'cpu p99'.padStart(7)}`,
);
for (const [name, spans] of times) {
  const list = spans.map(([start, end]) => end - start);
  const clean = spans.filter(([start, end]) => !pauses.some(([from, to]) => from < end && to > start)).map(([start, end]) => end - start);
  const cpu = spans.map(([, , ms]) => ms);
  const columns = [quantile(list, 0.5), quantile(list, 0.99), Math.max(...list)].map((ms) => fixed(ms).padStart(7));
  console.log(
    `${name.padEnd(44)} ${String(list.length).padStart(4)} ${columns.join(' ')} ${fixed(Math.max(...clean)).padStart(8)} ${fixed(quantile(cpu, 0.99)).padStart(7)}`,
  );
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;
console.log(
  `\nstored: ${stored.cells.toLocaleString('en')} (scope, lang, bucket, word) entries in ${stored.series.toLocaleString('en')} series, ${stored.words.toLocaleString('en')} words`,
);
console.log(`heap: ${mb(before)} before, ${mb(heapAfterLoad)} after loading (${((heapAfterLoad - before) / stored.cells).toFixed(0)} bytes per entry)`);
console.log(
  `heap with the ${index.stats().views} views ranked and the live steps applied: ${mb(heapWithViews)}; now ${index.stats().cells.toLocaleString('en')} entries`,
);
const top = index.trends(15 * MINUTE, { scope: '' }, 10, 'score').map((entry) => `${entry.word} ${entry.count} (${entry.isNew ? 'new' : `${entry.ratio}x`})`);
console.log(`15m rising: ${top.join(', ')} (planted: ${RISING.slice(0, 3).join(', ')}, …)`);

if (!args['no-verify']) {
  const reference = new ReferenceCounts();
  for (const op of workload()) {
    if (op.kind === 'apply') reference.apply(op.changes);
    else if (op.kind === 'expire') reference.expireBefore(op.before);
  }
  let differences = 0;
  for (const question of questions()) {
    const plan = planTrends(watermark, question.windowMs, BUCKET, MIN_COUNT);
    for (const limit of [LIMIT, 200]) {
      const same = isDeepStrictEqual(
        index.trends(question.windowMs, question.filter, limit, question.sort),
        reference.trends(plan, question.filter, limit, question.sort),
      );
      if (!same) differences += 1;
      if (!same) console.log(`DIFFERENT: ${question.name} limit ${limit}`);
    }
  }
  console.log(differences === 0 ? '\nverified: every answer equals the reference over the same rows' : `\n${differences} answers differ from the reference`);
  process.exitCode = differences === 0 ? 0 : 1;
}
