import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The fault suite runs apart (vitest.faults.config.ts, `npm run test:faults`).
    exclude: ['test/faults/**', 'node_modules/**'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // Integration tests share one broker and one database server on a 2-core machine.
    fileParallelism: false,
  },
});
