import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'web-client',
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
