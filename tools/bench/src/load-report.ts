import type { ApiRun } from './load-api.js';
import type { StepResult } from './load-client-step.js';

const cell = (value: number | string | null, width: number) => String(value ?? '-').padStart(width);

/** The short table `npm run bench:load` prints; the JSON has everything. */
export function loadReport(api: readonly ApiRun[], steps: readonly StepResult[]): string[] {
  const lines: string[] = [];
  if (api.length > 0) {
    lines.push('  HTTP API                              req/s  p50 ms  p99 ms  max ms  errors  processor CPU %');
    for (const run of api) {
      lines.push(
        `  ${run.path.padEnd(34)}${cell(run.requestsPerSecond, 8)}${cell(run.p50Ms, 8)}${cell(run.p99Ms, 8)}${cell(run.maxMs, 8)}${cell(run.errors + run.non2xx + run.timeouts, 8)}${cell(run.processor.cpuPercent, 17)}`,
      );
    }
  }
  lines.push('  socket.io  clients  failed  dropped  deltas/s  p50 ms  p99 ms  max ms  missed  fan-out max ms  CPU % proc/clients/machine  goal');
  for (const step of steps) {
    const clientsCpu = step.clientProcesses.map((usage) => usage.cpuPercent).join('+');
    lines.push(
      `  ${cell(step.clients, 16)}${cell(step.connectFailures, 8)}${cell(step.dropped, 9)}${cell(step.deltasPerClientPerSecond, 10)}${cell(step.p50Ms, 8)}${cell(step.p99Ms, 8)}${cell(step.maxMs, 8)}${cell(step.missed, 8)}${cell(step.fanOutMaxMs, 16)}${`${step.processor.cpuPercent}/${clientsCpu}/${step.machineCpuBusyPercent ?? '-'}`.padStart(27)}  ${step.goalMet ? 'met' : 'missed'}`,
    );
  }
  return lines;
}
