import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds a process has used so far (Linux /proc/PID/stat: utime + stime). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Resident memory now. */
export function rssMb(pid: number): number {
  return statusMb(pid, 'VmRSS:');
}

/** The most resident memory the process has had. */
export function peakRssMbOf(pid: number): number {
  return statusMb(pid, 'VmHWM:');
}

function statusMb(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((row) => row.startsWith(field));
  return Math.round(Number(line?.replace(/\D+/gu, '') ?? 0) / 1024);
}
