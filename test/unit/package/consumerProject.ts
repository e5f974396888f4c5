/**
 * The packed-tarball set-up shared by test/unit/package/package.test.ts and test/e2e/package.spec.ts: `npm pack`
 * of the repository (its `prepack` builds dist/lib and dist/sw), then a fresh project in a temporary directory
 * that installs the tarball the way a publisher would (`npm install <tarball>`), so every import below goes
 * through node_modules/stitchbox and its package.json `exports`, never through the repository's sources.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** Pinned like the repository's devDependencies, so the install comes from the npm cache `npm ci` filled. */
export const WORKBOX_VERSION = '7.4.1';

export interface ConsumerProject {
  /** The temporary directory holding the tarball and the consumer project. */
  root: string;
  tarball: string;
  /** The tarball's entries without the leading `package/`. */
  files: string[];
  /** The consumer project (package.json, node_modules/stitchbox). */
  dir: string;
  /** Runs a command in the consumer project; throws with its output when it fails (unless `allowFail`). */
  run(cmd: string, args: string[], opts?: { allowFail?: boolean; input?: string }): { status: number; stdout: string; stderr: string };
  remove(): void;
}

function exec(cmd: string, args: string[], cwd: string, opts: { allowFail?: boolean; input?: string } = {}) {
  const o: SpawnSyncOptions = { cwd, encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024, input: opts.input };
  const r = spawnSync(cmd, args, o);
  const out = { status: r.status ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
  if (!opts.allowFail && (r.error || out.status !== 0)) {
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed: ${r.error?.message ?? `exit ${out.status}`}\n${out.stdout}\n${out.stderr}`);
  }
  return out;
}

/** Left out of the copy: installed, generated or version-control state, never packed. */
const NOT_COPIED = new Set(['node_modules', '.git', 'dist', 'test-results', 'playwright-report', 'tmp']);

/**
 * A copy of the working tree (node_modules linked) to pack from. `npm pack` runs `prepack`, which rebuilds dist/;
 * in the shared checkout two runs of this test (or an engineer's build) would rebuild it under each other and
 * pack half a tree. Everything but NOT_COPIED is copied, so package.json "files" still decides what is packed.
 */
function stageRepository(root: string): string {
  const stage = path.join(root, 'repo');
  fs.cpSync(REPO, stage, { recursive: true, filter: (src) => path.dirname(src) !== REPO || !NOT_COPIED.has(path.basename(src)) });
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
  return stage;
}

/**
 * Packs the repository and installs the tarball (plus workbox-routing and workbox-core for a Workbox worker of the
 * consumer's own) into a new project. `--prefer-offline`: the npm cache has every dependency after `npm ci`.
 */
export function createConsumerProject(): ConsumerProject {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stitchbox-pkg-'));
  exec('npm', ['pack', '--pack-destination', root, '--silent'], stageRepository(root));
  const tgz = fs.readdirSync(root).filter((f) => f.endsWith('.tgz'));
  if (tgz.length !== 1) throw new Error(`npm pack left ${tgz.length} tarballs in ${root}`);
  const tarball = path.join(root, tgz[0]!);
  const files = exec('tar', ['-tzf', tarball], root).stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));

  const dir = path.join(root, 'consumer');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'stitchbox-consumer', private: true, type: 'module' }, null, 2));
  exec('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, `workbox-routing@${WORKBOX_VERSION}`, `workbox-core@${WORKBOX_VERSION}`], dir);

  return {
    root, tarball, files, dir,
    run: (cmd, args, opts) => exec(cmd, args, dir, opts),
    remove: () => fs.rmSync(root, { recursive: true, force: true, maxRetries: 5 }),
  };
}
