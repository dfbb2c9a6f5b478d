import { defineConfig } from 'vitest/config';

// The parity test runs tens of thousands of posts through both tokenizers (one JVM start included).
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 180_000 } });
