import { createLogger } from '@trendstream/runtime/logger';
import { runMain } from '@trendstream/runtime/run-main';
import { buildProcessor } from '@trendstream/processor/app';
import { loadProcessorConfig } from '@trendstream/processor/config';
import { CpuProfiler } from './load-cpu-profile.js';
import { probeDeltaEmits } from './load-delta-probe.js';
import type { DeltaEmit } from './load-protocol.js';
import { notify, serveRpc } from './load-rpc.js';
import { UsageMeter } from './load-usage.js';

/**
 * The processor under load, in a process of its own (started by load-main.ts): `buildProcessor` on the
 * database and topic prefix it is given, plus what the benchmark asks of it over IPC: the deltas it sent,
 * its CPU use, a CPU profile.
 */
runMain('bench:load processor', async ({ signal }) => {
  const probe = probeDeltaEmits();
  const config = loadProcessorConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'warn' });
  const processor = buildProcessor({ config, logger: createLogger('bench-load-processor', 'warn') });
  const usage = new UsageMeter();
  const profiler = new CpuProfiler();
  const served = serveRpc({
    emits: ({ from, to }: { from: number; to: number }): DeltaEmit[] => probe.emits.filter((emit) => emit.sentAt >= from && emit.sentAt <= to),
    markUsage: () => usage.mark(),
    usage: () => ({ ...usage.read(), countingFailure: processor.countingFailure()?.message ?? null }),
    startProfile: () => profiler.start(),
    stopProfile: ({ file }: { file?: string }) => profiler.stop(file),
  });
  try {
    const url = await processor.start();
    notify('ready', { url });
    await Promise.race([served, new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))]);
  } finally {
    await profiler.stop();
    await processor.close();
  }
  return 0;
});
