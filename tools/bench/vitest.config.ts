import { defineConfig } from 'vitest/config';

// Timeouts catch a hang; they are not timing goals (those live in the benchmarks). A test that spawns a process
// or talks to the broker can take seconds on a busy 2-core CI machine, so the default 5 s is too tight.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } });
