import { readFileSync } from 'node:fs';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { ProcessUsage } from './load-protocol.js';

/** This process's CPU, event-loop and memory use since `mark()`. */
export class UsageMeter {
  private cpu = process.cpuUsage();
  private elu: EventLoopUtilization = performance.eventLoopUtilization();
  private at = performance.now();

  mark(): void {
    this.cpu = process.cpuUsage();
    this.elu = performance.eventLoopUtilization();
    this.at = performance.now();
  }

  read(): ProcessUsage {
    const cpu = process.cpuUsage(this.cpu);
    const wallMs = Math.max(1, performance.now() - this.at);
    return {
      cpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 100),
      eventLoopUtilization: Math.round(performance.eventLoopUtilization(this.elu).utilization * 100) / 100,
      rssMb: Math.round(process.memoryUsage.rss() / 2 ** 20),
    };
  }
}

interface CpuTimes {
  busy: number;
  total: number;
}

/** The whole machine's CPU times (Linux /proc/stat); null elsewhere. */
export function machineCpuTimes(): CpuTimes | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const fields = line.trim().split(/\s+/u).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** Share of every core's time spent busy between two readings, in percent (100 = all cores busy). */
export function machineBusyPercent(before: CpuTimes | null, after: CpuTimes | null): number | null {
  if (!before || !after || after.total <= before.total) return null;
  return Math.round(((after.busy - before.busy) / (after.total - before.total)) * 100);
}

/** The soft limit on open files of this process (Linux /proc/self/limits); null elsewhere. */
export function openFilesLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((row) => row.startsWith('Max open files'));
    const soft = line?.split(/\s{2,}/u)[1];
    return soft === undefined || soft === 'unlimited' ? null : Number(soft);
  } catch {
    return null;
  }
}
