import { defineConfig } from 'vitest/config';

// Property-based tests run hundreds of cases; on a busy 2-core CI machine one can take several seconds.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 } });
