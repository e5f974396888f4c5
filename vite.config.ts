import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { demoServerPlugin } from './demo/server/vitePlugin';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: 'demo',
  publicDir: 'public',
  server: { port: Number(process.env.PORT ?? 5173), strictPort: true, headers: { 'Service-Worker-Allowed': '/' } },
  preview: { port: Number(process.env.PORT ?? 5173), strictPort: true },
  plugins: [demoServerPlugin()],
  build: {
    // STITCHBOX_DIST: see demo/server/paths.ts.
    outDir: process.env.STITCHBOX_DIST ? path.resolve(process.env.STITCHBOX_DIST) : '../dist/demo',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      input: { main: here('demo/index.html'), shaka: here('demo/shaka.html'), dash: here('demo/dash.html'), sw: here('sw/main.ts') },
      output: {
        // The worker keeps a fixed name at the scope root: pages register /stitchbox-sw.js with scope /.
        entryFileNames: (c) => (c.name === 'sw' ? 'stitchbox-sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
