import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** Where the processor listens in development (`npm run dev` proxies the API and socket.io to it). */
const PROCESSOR_URL = process.env.TRENDSTREAM_PROCESSOR_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // Libraries change less often than the app: separate chunks stay cached across deploys.
    rollupOptions: {
      output: {
        manualChunks: { charts: ['recharts'], socket: ['socket.io-client'] },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: PROCESSOR_URL },
      '/socket.io': { target: PROCESSOR_URL, ws: true },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    setupFiles: ['src/testing/setup.ts'],
  },
});
