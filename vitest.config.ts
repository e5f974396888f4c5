import { defineConfig } from 'vitest/config';

// Unit tests run in Node with no demo server plugin (vite.config.ts is for the demo page and the worker).
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
