/**
 * `npm start` / `stitchbox serve`: the demo server on http://localhost:PORT (default 5173), serving the
 * built page from dist/demo and the demo routes (DESIGN.md "The demo server").
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_STATIC_DIR } from './paths';
import { startDemoServer } from './startDemoServer';

const port = Number(process.env.PORT ?? 5173);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`stitchbox demo: PORT must be a port number, got ${process.env.PORT}`);
  process.exit(2);
}
if (!existsSync(path.join(DEFAULT_STATIC_DIR, 'index.html'))) {
  console.warn(`stitchbox demo: ${DEFAULT_STATIC_DIR} has no index.html; run \`npm run build\` first (the demo routes work anyway)`);
}

try {
  const server = await startDemoServer({ port });
  console.log(`stitchbox demo on ${server.url}`);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  console.error(`stitchbox demo: cannot listen on port ${port}: ${(err as Error).message}`);
  process.exit(1);
}
