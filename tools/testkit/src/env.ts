// The one place tests touch the environment (lint forbids `process.env` in tests elsewhere): what the test
// run was given (KAFKA_BROKERS and MYSQL_URL are read in kafka.ts and mysql.ts), and what spawned CLIs get
// (scripts.ts starts them with childEnv).

/**
 * The environment for a CLI a test spawns: PATH and HOME from ours, the rest from `extra` only, so the
 * outcome never depends on a TOPIC_PREFIX or LOG_LEVEL left in the shell.
 */
export function childEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, ...extra })) {
    if (value !== undefined) env[name] = value;
  }
  return env;
}

/** A variable a test run is steered by (TRENDSTREAM_E2E_REPLAY, BENCH_PROFILE, ...), or undefined. */
export function envVar(name: string): string | undefined {
  return process.env[name];
}

/** Sets a variable for this process and the processes it starts afterwards (undefined removes it). */
export function setEnvVar(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** Runs `body` with `vars` set (undefined: removed), and puts the previous values back afterwards. */
export async function withEnv<T>(vars: Record<string, string | undefined>, body: () => T | Promise<T>): Promise<T> {
  const previous = Object.keys(vars).map((name) => [name, process.env[name]] as const);
  for (const [name, value] of Object.entries(vars)) setEnvVar(name, value);
  try {
    return await body();
  } finally {
    for (const [name, value] of previous) setEnvVar(name, value);
  }
}
