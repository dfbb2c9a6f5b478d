import { defineConfig } from 'vitest/config';

// The committed-sample checks read and tokenize 30,000 statuses: on a busy 2-core CI machine one can take
// several seconds, which is not a failure.
export default defineConfig({ test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 } });
