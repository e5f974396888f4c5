import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from './cliIo';

export const serveUsage = 'usage: stitchbox serve [--port N]   (default 5173; 0 picks a free port)';

interface DemoServerModule {
  startDemoServer(opts: { port: number }): Promise<{ url: string; close(): Promise<void> }>;
}

/**
 * `stitchbox serve [--port N]` (DESIGN.md "The command line"): the demo server (demo/server), as `npm start` runs it
 * after its build, until SIGINT or SIGTERM. The demo lives in the repository only (package.json `files` ships
 * bin/ and dist/ and no demo/): from the installed package this says so and exits 1. Without a built page
 * (dist/demo/index.html, `npm run build`) the demo routes still answer, and stderr says what to run.
 *
 * `stop` replaces the wait for a signal (an in-process caller can end the server with it).
 *
 * The demo server is imported by a URL computed at run time, so that tsc (scripts/buildPackage.mjs) does not
 * follow it into the package build.
 */
export async function serveCommand(args: string[], io: CliIo, stop?: Promise<unknown>): Promise<number> {
  let port = 5173;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const v = a === '--port' ? args[++i] : a.startsWith('--port=') ? a.slice(7) : undefined;
    if (v === undefined || !/^\d{1,5}$/.test(v) || Number(v) > 65535) {
      io.stderr(`stitchbox: serve: ${v === undefined ? `unexpected argument '${a}'` : `--port must be a port number, not '${v}'`}\n${serveUsage}\n`);
      return 2;
    }
    port = Number(v);
  }
  const serverFile = fileURLToPath(new URL('../../demo/server/startDemoServer.ts', import.meta.url));
  if (!existsSync(serverFile)) {
    io.stderr('stitchbox: serve: the demo server is not part of the installed package; in a clone of the repository run `npx stitchbox serve` or `npm start`\n');
    return 1;
  }
  const demo = (file: string) => import(new URL(`../../demo/server/${file}`, import.meta.url).href);
  const { startDemoServer } = (await demo('startDemoServer.ts')) as DemoServerModule;
  const { DEFAULT_STATIC_DIR } = (await demo('paths.ts')) as { DEFAULT_STATIC_DIR: string };
  if (!existsSync(path.join(DEFAULT_STATIC_DIR, 'index.html'))) {
    io.stderr(`stitchbox: serve: ${DEFAULT_STATIC_DIR} has no index.html, so the demo page is missing (the demo routes work); run \`npm run build\` first\n`);
  }
  let server: Awaited<ReturnType<DemoServerModule['startDemoServer']>>;
  try {
    server = await startDemoServer({ port });
  } catch (e) {
    io.stderr(`stitchbox: serve: cannot listen on port ${port}: ${(e as Error).message}\n`);
    return 1;
  }
  io.stdout(`stitchbox demo on ${server.url}\n`);
  await (stop ?? signalled());
  await server.close();
  return 0;
}

/** Resolves on the first SIGINT or SIGTERM (then the server closes and the process ends with exit code 0). */
function signalled(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(s);
    };
    process.once('SIGINT', on);
    process.once('SIGTERM', on);
  });
}
