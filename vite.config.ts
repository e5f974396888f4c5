/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { demoServerPlugin } from './demo/server/vitePlugin';

export default defineConfig({
  root: 'demo',
  publicDir: 'public',
  server: { port: Number(process.env.PORT ?? 5173), strictPort: true, headers: { 'Service-Worker-Allowed': '/' } },
  preview: { port: Number(process.env.PORT ?? 5173), strictPort: true },
  plugins: [demoServerPlugin()],
  build: {
    outDir: '../dist/demo',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      input: { main: 'demo/index.html', sw: 'sw/main.ts' },
      output: {
        // The worker keeps a fixed name at the scope root: pages register /stitchbox-sw.js with scope /.
        entryFileNames: (c) => (c.name === 'sw' ? 'stitchbox-sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  test: {
    root: '.',
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 20000,
  },
});
