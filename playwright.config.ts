import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 5188);

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  // The machines have 2 cores and Chromium plus the server share them: one browser at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list'], ['json', { outputFile: '.playwright.json' }]] : 'list',
  use: { baseURL: `http://localhost:${PORT}` },
  webServer: {
    command: `npx vite build --logLevel warn && PORT=${PORT} npx tsx demo/server/main.ts`,
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'pipe',
  },
});
