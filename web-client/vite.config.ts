import { defineConfig } from 'vite';

// In production the server serves dist/ and /readyz from one origin; `vite dev`
// forwards the health endpoints to a server running locally on its default port.
const server = 'http://localhost:3000';

export default defineConfig({
  server: { proxy: { '/readyz': server, '/healthz': server } },
});
