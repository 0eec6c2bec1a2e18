import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['protocol', 'server', 'media-worker', 'web-client', 'scripts'],
  },
});
