import { defineConfig } from 'vitest/config';

// `npm run test:compose`: docker-compose.yaml brought up for real (images built first); minutes, in order.
export default defineConfig({
  test: {
    include: ['test/compose/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 1_500_000,
    fileParallelism: false,
  },
});
