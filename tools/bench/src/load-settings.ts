/** The knobs of `npm run bench:load` (environment variables), checked once, every bad one named at once. */
export interface LoadSettings {
  /** Client counts to step through, stopping at the first that misses the goal. */
  clientSteps: number[];
  stepSeconds: number;
  /** Live posts per second while the benchmark runs. */
  rate: number;
  /** Minutes of posts (at `rate`) put in MySQL before measuring. */
  historyMinutes: number;
  /** Seconds per API path; 0 skips the API part. */
  apiSeconds: number;
  apiConnections: number;
  clientProcesses: number;
  profile: boolean;
}

export const LOAD_DEFAULTS = {
  BENCH_LOAD_CLIENTS: '500,1000,2000,5000,8000,12000,16000',
  BENCH_LOAD_STEP_SECONDS: '20',
  BENCH_LOAD_RATE: '300',
  BENCH_LOAD_HISTORY_MINUTES: '10',
  BENCH_LOAD_API_SECONDS: '15',
  BENCH_LOAD_API_CONNECTIONS: '10',
  BENCH_LOAD_CLIENT_PROCESSES: '2',
  BENCH_LOAD_PROFILE: '1',
} as const;

type Knob = keyof typeof LOAD_DEFAULTS;

export function loadSettings(env: NodeJS.ProcessEnv): LoadSettings {
  const problems: string[] = [];
  const read = (name: Knob) => env[name]?.trim() || LOAD_DEFAULTS[name];
  const number = (name: Knob, { min, integer = true }: { min: number; integer?: boolean }) => {
    const value = Number(read(name));
    if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
      problems.push(`${name}="${read(name)}" must be ${integer ? 'a whole number' : 'a number'} of at least ${min}`);
    }
    return value;
  };
  const clientSteps = read('BENCH_LOAD_CLIENTS')
    .split(',')
    .map((step) => Number(step.trim()));
  if (clientSteps.length === 0 || clientSteps.some((step) => !Number.isInteger(step) || step < 1)) {
    problems.push(`BENCH_LOAD_CLIENTS="${read('BENCH_LOAD_CLIENTS')}" must be client counts separated by commas, e.g. 500,1000,5000`);
  }
  const profile = read('BENCH_LOAD_PROFILE');
  if (profile !== '0' && profile !== '1') problems.push(`BENCH_LOAD_PROFILE="${profile}" must be 1 (take a CPU profile of the processor per step) or 0`);
  const settings: LoadSettings = {
    clientSteps,
    stepSeconds: number('BENCH_LOAD_STEP_SECONDS', { min: 1 }),
    rate: number('BENCH_LOAD_RATE', { min: 1 }),
    historyMinutes: number('BENCH_LOAD_HISTORY_MINUTES', { min: 0, integer: false }),
    apiSeconds: number('BENCH_LOAD_API_SECONDS', { min: 0 }),
    apiConnections: number('BENCH_LOAD_API_CONNECTIONS', { min: 1 }),
    clientProcesses: number('BENCH_LOAD_CLIENT_PROCESSES', { min: 1 }),
    profile: profile === '1',
  };
  if (problems.length > 0) throw new Error(`bad benchmark settings:\n  ${problems.join('\n  ')}`);
  return settings;
}
