import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Vitest runs on vite 8, whose transformer is oxc (the production build uses vite 7's esbuild).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    name: 'web-client',
    // src/: unit tests of pure code. test/: end-to-end tests in Chromium against the real server.
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    environment: 'node',
    // Workspace packages through their dist/ (tsc -b), then the built web client for the e2e tests.
    globalSetup: ['../scripts/vitest-global-setup.ts', 'test/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
