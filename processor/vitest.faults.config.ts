import { defineConfig } from 'vitest/config';

// `npm run test:faults`: each case runs a broker of its own on 100,000 records; minutes, not seconds.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
