import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The fault suite and the compose checks run apart (`npm run test:faults`, `npm run test:compose`).
    exclude: ['test/faults/**', 'test/compose/**', 'node_modules/**'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // Integration tests share one broker and one database server on a 2-core machine.
    fileParallelism: false,
  },
});
