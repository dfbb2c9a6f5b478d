import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // Integration tests share one broker and one database server on a 2-core machine.
    fileParallelism: false,
  },
});
