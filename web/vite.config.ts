import { builtinModules } from 'node:module';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/** Where the processor listens in development (`npm run dev` proxies the API and socket.io to it). */
const PROCESSOR_URL = process.env.TRENDSTREAM_PROCESSOR_URL ?? 'http://127.0.0.1:8080';

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/**
 * The dashboard imports shared contracts from @trendstream/schema, whose Node-side modules (logger, Kafka
 * helpers) must never reach the browser: Vite would only warn and stub them, so fail the build instead.
 */
function forbidNodeBuiltins(): Plugin {
  return {
    name: 'trendstream:forbid-node-builtins',
    apply: 'build',
    resolveId(source, importer) {
      if (NODE_BUILTINS.has(source)) {
        this.error(`${importer ?? 'an entry'} imports the Node module "${source}"; import only browser-safe @trendstream/schema subpaths`);
      }
      return null;
    },
  };
}

export default defineConfig({
  plugins: [react(), forbidNodeBuiltins()],
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
