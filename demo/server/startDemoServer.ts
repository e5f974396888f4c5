import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDemoHandler } from './createDemoHandler';
import { DEFAULT_MEDIA_DIR, DEFAULT_STATIC_DIR } from './paths';

export interface DemoServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** Defaults to dist/demo. */
  staticDir?: string;
  /** Defaults to demo/media. */
  mediaDir?: string;
  /** Defaults to localhost: a secure context, so service workers work without TLS (environment.md §4). */
  host?: string;
}

export interface DemoServer {
  /** `http://localhost:PORT`, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

/** Starts the demo server in this process (for tests and the `main.ts` CLI). */
export function startDemoServer(opts: DemoServerOptions): Promise<DemoServer> {
  const host = opts.host ?? 'localhost';
  const handler = createDemoHandler({
    staticDir: opts.staticDir ?? DEFAULT_STATIC_DIR,
    mediaDir: opts.mediaDir ?? DEFAULT_MEDIA_DIR,
  });
  const server = createServer((req, res) => handler(req, res));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            // Held requests (`fail=timeout`, `delay`) and keep-alive sockets would keep close() waiting.
            server.closeAllConnections();
          }),
      });
    });
  });
}
