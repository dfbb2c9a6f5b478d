import { defineConfig } from 'vitest/config';

// The parity tests run tens of thousands of cases through the engine's classes (one JVM start each); the
// streaming job test runs Spark in local mode over a topic of 14,000 messages, twice.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 300_000, fileParallelism: false } });
