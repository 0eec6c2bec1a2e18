import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// In production the server serves dist/ and the API from one origin; `vite dev`
// forwards the API, health endpoints and signalling to a server running locally.
const server = 'http://localhost:3000';

export default defineConfig({
  // Preact through esbuild's automatic JSX runtime: no Babel preset needed.
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    rollupOptions: {
      input: {
        console: resolve(import.meta.dirname, 'index.html'),
        join: resolve(import.meta.dirname, 'join.html'),
        watch: resolve(import.meta.dirname, 'watch.html'),
      },
    },
  },
  server: {
    proxy: {
      '/api': server,
      '/readyz': server,
      '/healthz': server,
      '/hls': server,
      '/socket.io': { target: server, ws: true },
    },
  },
});
