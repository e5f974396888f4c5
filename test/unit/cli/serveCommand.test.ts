/** `stitchbox serve` as npm runs it (bin/stitchbox.mjs in its own Node process): it listens, answers, and stops on a signal. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../../bin/stitchbox.mjs', import.meta.url));
let child: ChildProcess | null = null;
afterEach(() => { if (child && child.exitCode === null) child.kill('SIGKILL'); child = null; });

/** Starts `serve --port 0` and resolves with the URL it prints on stdout. */
function serve(): Promise<{ url: string; exit: Promise<number | null>; stderr: () => string }> {
  const p = spawn(process.execPath, [bin, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child = p;
  let out = '';
  let err = '';
  p.stderr!.on('data', (d) => { err += d; });
  const exit = new Promise<number | null>((resolve) => p.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    p.stdout!.on('data', (d) => {
      out += d;
      const m = /^stitchbox demo on (http:\/\/\S+)\n/m.exec(out);
      if (m) resolve({ url: m[1], exit, stderr: () => err });
    });
    exit.then((code) => reject(new Error(`serve exited ${code} before printing its URL: ${err}`)));
  });
}

describe('stitchbox serve', () => {
  it('prints its URL, answers /healthz and the demo routes, and exits 0 on SIGTERM', async () => {
    const s = await serve();
    const health = await fetch(`${s.url}/healthz`);
    expect(health.status).toBe(200);
    const vod = await fetch(`${s.url}/origin/vod/master.m3u8`);
    expect(vod.status).toBe(200);
    expect(await vod.text()).toMatch(/^#EXTM3U/);
    child!.kill('SIGTERM');
    expect(await s.exit).toBe(0);
    await expect(fetch(`${s.url}/healthz`)).rejects.toThrow();
  }, 30000);

  it('stops on SIGINT (Ctrl-C) too', async () => {
    const s = await serve();
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    child!.kill('SIGINT');
    expect(await s.exit).toBe(0);
  }, 30000);

  it('a bad --port or an extra argument is a usage error, exit 2', () => {
    for (const args of [['--port', 'x'], ['--port', '70000'], ['--port'], ['extra']]) {
      const r = spawnSync(process.execPath, [bin, 'serve', ...args], { encoding: 'utf8', timeout: 30000 });
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/usage: stitchbox serve \[--port N\]/);
    }
  }, 60000);
});
