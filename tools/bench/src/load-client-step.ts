import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitFor } from '@trendstream/testkit/wait-for';
import type { ProfileSummary } from './load-cpu-profile.js';
import { DelayHistogram } from './load-delays.js';
import { gaugeValue, latencyBetween, latencyBuckets, type LatencyBetween } from './load-metrics.js';
import { roomOf, type ClientPlan, type CollectResult, type DeltaEmit, type GrowResult, type ProcessUsage } from './load-protocol.js';
import type { ChildRpc } from './load-rpc.js';
import { machineBusyPercent, machineCpuTimes } from './load-usage.js';

/** p99 delivery of a delta to every client, the goal of issue 15. */
export const GOAL_P99_MS = 1_000;
export const GOAL_CLIENTS = 5_000;

/**
 * What the clients follow, spread evenly: most the default (5m, every language), the rest another window or a
 * language, so the processor computes and sends several rooms per tick as it does for real dashboards.
 */
export const CLIENT_PLANS: readonly ClientPlan[] = [
  { subscription: { window: '5m' }, subscribe: false },
  { subscription: { window: '5m' }, subscribe: false },
  { subscription: { window: '5m' }, subscribe: false },
  { subscription: { window: '1m' }, subscribe: true },
  { subscription: { window: '1h' }, subscribe: true },
  { subscription: { window: '5m', lang: 'en' }, subscribe: true },
  { subscription: { window: '15m', lang: 'de' }, subscribe: true },
  { subscription: { window: '1h', lang: 'ja' }, subscribe: true },
];

/** Clients connecting at once per client process. */
const CONNECT_CONCURRENCY = 50;
const CONNECT_TIMEOUT_MS = 30_000;
/** How much longer a window may run for a room still waiting for its first delta. */
const EXTRA_WINDOW_MS = 30_000;
/** How long after the window receipts may still come in before they count as missed. */
const COLLECT_GRACE_MS = 10_000;

export interface StepContext {
  url: string;
  processor: ChildRpc;
  clientProcesses: ChildRpc[];
  seconds: number;
  /** Where the step's CPU profile goes (null: no profile). */
  profileFile: (clients: number) => string | null;
  signal: AbortSignal;
  progress: (line: string) => void;
}

export interface StepResult {
  clients: number;
  connected: number;
  connectFailures: number;
  connectErrors: string[];
  /** How long connecting the clients this step added took. */
  connectSeconds: number;
  dropped: number;
  clientsWithDeltas: number;
  seconds: number;
  deltasSent: number;
  receiptsExpected: number;
  receiptsReceived: number;
  missed: number;
  deltasPerClientPerSecond: number;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  fanOutP99Ms: number | null;
  fanOutMaxMs: number | null;
  /** The processor's own figure: post receipt to the delta carrying it leaving the server (bucket bounds). */
  processorEndToEnd: LatencyBetween;
  consumerLagAfter: number | null;
  processor: ProcessUsage & { countingFailure: string | null };
  clientProcesses: ProcessUsage[];
  machineCpuBusyPercent: number | null;
  profile: { file: string; byArea: ProfileSummary['byArea']; topFunctions: ProfileSummary['topFunctions'] } | null;
  goalMet: boolean;
}

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.text();
}

/** The processor's count of connected socket.io clients (its `trendstream_connected_clients` gauge). */
export async function connectedClients(url: string): Promise<number> {
  return gaugeValue(await fetchText(`${url}/metrics`), 'trendstream_connected_clients');
}

export async function consumerLag(url: string): Promise<number | null> {
  const health = JSON.parse(await fetchText(`${url}/api/health`)) as { consumerLag: number | null };
  return health.consumerLag;
}

/** The rooms `clients` clients follow (client j follows plan j, round robin). */
function roomsFollowed(clients: number): Set<string> {
  return new Set(CLIENT_PLANS.slice(0, clients).map((plan) => roomOf(plan.subscription)));
}

/**
 * A window in which a room got no delta measures nothing for its clients: a processor that sends a room's delta
 * only when its window changes (once per bucket when busy) can leave a short step without one. So the window
 * goes on until every followed room got one, for at most EXTRA_WINDOW_MS more (then the result shows the gap).
 */
async function untilEveryRoomGotADelta({ processor, signal }: StepContext, rooms: Set<string>, from: number): Promise<void> {
  const deadline = Date.now() + EXTRA_WINDOW_MS;
  for (;;) {
    const emits = await processor.call<DeltaEmit[]>('emits', { from, to: Date.now() }, 10_000);
    const served = new Set(emits.map((emit) => emit.room));
    if ([...rooms].every((room) => served.has(room)) || Date.now() >= deadline) return;
    await sleep(250, undefined, { signal });
  }
}

function shareOf(total: number, index: number, parts: number): number {
  return Math.floor(total / parts) + (index < total % parts ? 1 : 0);
}

/**
 * One step: grows the client processes to `clients` connections in all, waits until the processor counts
 * them, then for `seconds` notes every delta the processor sends and when each client receives it.
 */
export async function runClientStep(context: StepContext, clients: number): Promise<StepResult> {
  const { url, processor, clientProcesses, signal } = context;
  const parts = clientProcesses.length;
  const connectStarted = Date.now();
  const grown = await Promise.all(
    clientProcesses.map((child, index) =>
      child.call<GrowResult>(
        'grow',
        {
          url,
          total: shareOf(clients, index, parts),
          offset: index,
          stride: parts,
          plans: CLIENT_PLANS,
          concurrency: CONNECT_CONCURRENCY,
          timeoutMs: CONNECT_TIMEOUT_MS,
        },
        // Each connection has its own timeout; this only catches a process that stopped answering.
        CONNECT_TIMEOUT_MS * Math.ceil(clients / CONNECT_CONCURRENCY) + 60_000,
      ),
    ),
  );
  const connectSeconds = (Date.now() - connectStarted) / 1000;
  const connected = grown.reduce((sum, result) => sum + result.ready, 0);
  const connectFailures = grown.reduce((sum, result) => sum + result.failed, 0);
  context.progress(`${clients} clients: ${connected} connected, ${connectFailures} failed (${connectSeconds} s)`);
  // Every connection the clients hold is one the processor holds: a real condition to start from.
  await waitFor(
    async () => {
      if (signal.aborted) throw new Error('stopped');
      return (await connectedClients(url)) === connected;
    },
    { what: `the processor to count ${connected} connected clients`, timeoutMs: 60_000, stopOnError: true },
  );

  await Promise.all(clientProcesses.map((child) => child.call('mark', null, 10_000)));
  await processor.call('markUsage', null, 10_000);
  const profileFile = context.profileFile(clients);
  if (profileFile) await processor.call('startProfile', null, 10_000);
  const latencyBefore = latencyBuckets(await fetchText(`${url}/metrics`));
  const machineBefore = machineCpuTimes();
  const from = Date.now();
  context.progress(`${clients} clients: measuring for ${context.seconds} s`);
  await sleep(context.seconds * 1000, undefined, { signal });
  await untilEveryRoomGotADelta(context, roomsFollowed(clients), from);
  const to = Date.now();
  const machineCpuBusyPercent = machineBusyPercent(machineBefore, machineCpuTimes());
  const processorUsage = await processor.call<StepResult['processor']>('usage', null, 10_000);
  const summary = profileFile ? await processor.call<ProfileSummary | null>('stopProfile', { file: profileFile }, 60_000) : null;
  const emits = await processor.call<DeltaEmit[]>('emits', { from, to }, 10_000);
  const collected = await Promise.all(
    clientProcesses.map((child) => child.call<CollectResult>('collect', { emits, deadline: Date.now() + COLLECT_GRACE_MS }, COLLECT_GRACE_MS + 60_000)),
  );
  const processorEndToEnd = latencyBetween(latencyBefore, latencyBuckets(await fetchText(`${url}/metrics`)));

  const delays = new DelayHistogram();
  for (const result of collected) delays.merge(result.delays);
  const fanOut = emits.map((emit) => emit.fanOutMs).sort((a, b) => a - b);
  const sum = (pick: (result: CollectResult) => number) => collected.reduce((total, result) => total + pick(result), 0);
  const seconds = (to - from) / 1000;
  const dropped = sum((result) => result.dropped);
  const p99Ms = delays.percentile(99);
  const received = sum((result) => result.received);
  return {
    clients,
    connected,
    connectFailures,
    connectErrors: grown.flatMap((result) => result.errors).slice(0, 5),
    connectSeconds,
    dropped,
    clientsWithDeltas: sum((result) => result.clientsWithDeltas),
    seconds,
    deltasSent: emits.length,
    receiptsExpected: sum((result) => result.expected),
    receiptsReceived: received,
    missed: delays.missed,
    deltasPerClientPerSecond: Math.round((received / Math.max(1, connected) / seconds) * 10) / 10,
    p50Ms: delays.percentile(50),
    p90Ms: delays.percentile(90),
    p99Ms,
    maxMs: delays.max(),
    fanOutP99Ms: fanOut.length === 0 ? null : (fanOut[Math.min(fanOut.length - 1, Math.ceil(0.99 * fanOut.length) - 1)] ?? null),
    fanOutMaxMs: fanOut.at(-1) ?? null,
    processorEndToEnd,
    consumerLagAfter: await consumerLag(url),
    processor: processorUsage,
    clientProcesses: collected.map((result) => result.usage),
    machineCpuBusyPercent,
    profile: summary && profileFile ? { file: path.basename(profileFile), byArea: summary.byArea, topFunctions: summary.topFunctions } : null,
    goalMet: connected === clients && connectFailures === 0 && dropped === 0 && p99Ms !== null && p99Ms <= GOAL_P99_MS,
  };
}
