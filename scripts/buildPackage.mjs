#!/usr/bin/env node
/**
 * Builds what the npm package ships (package.json "files"; `npm pack` runs it as `prepack`):
 *  - dist/lib: tsc's JS and .d.ts for the entry points `stitchbox` (src/client), `stitchbox/sw` (sw/index.ts),
 *    `stitchbox/core` (src/core.ts) and the `stitchbox` command (src/cli), paths mirroring the repo. The sources
 *    import without file extensions (moduleResolution Bundler); Node's ESM loader and TypeScript's node16
 *    resolution need them, so relative specifiers get their `.js` / `/index.js` here.
 *  - dist/sw/stitchbox-sw.js: the standalone worker (sw/main.ts), bundled by Vite into one file with no imports
 *    (the demo build's copy shares chunks with the demo page, so it cannot be shipped alone).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lib = path.join(root, 'dist', 'lib');
const swOut = path.join(root, 'dist', 'sw');
const require = createRequire(import.meta.url);

fs.rmSync(lib, { recursive: true, force: true });
fs.rmSync(swOut, { recursive: true, force: true });

const tsc = require.resolve('typescript/bin/tsc');
for (const project of ['tsconfig.package.json', 'tsconfig.package-page.json']) {
  const r = spawnSync(process.execPath, [tsc, '-p', project], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`tsc -p ${project} failed (exit ${r.status})`);
}

/** `./x` -> `./x.js` or `./x/index.js`, by what tsc wrote; anything else is left as it is. */
function withExtension(file, spec) {
  if (!spec.startsWith('./') && !spec.startsWith('../')) return spec;
  if (/\.(m?js|json)$/.test(spec)) return spec;
  const abs = path.resolve(path.dirname(file), spec);
  if (fs.existsSync(`${abs}.js`) || fs.existsSync(`${abs}.d.ts`)) return `${spec}.js`;
  if (fs.existsSync(path.join(abs, 'index.js')) || fs.existsSync(path.join(abs, 'index.d.ts'))) return `${spec}/index.js`;
  throw new Error(`${path.relative(root, file)}: cannot resolve '${spec}'`);
}

// `from '…'`, `import '…'`, `import('…')` (the last also in .d.ts type positions).
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.\.?\/[^'"]*)\2/g;
let files = 0;
for (const rel of fs.readdirSync(lib, { recursive: true })) {
  const file = path.join(lib, String(rel));
  if (!/\.(js|d\.ts)$/.test(file)) continue;
  const text = fs.readFileSync(file, 'utf8');
  const fixed = text.replace(SPECIFIER, (_m, head, q, spec) => `${head}${q}${withExtension(file, spec)}${q}`);
  if (fixed !== text) fs.writeFileSync(file, fixed);
  files++;
}

const { build } = await import('vite');
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  publicDir: false,
  build: {
    outDir: swOut,
    emptyOutDir: true,
    // One self-contained file: a publisher copies it to the root of the scope it serves.
    lib: { entry: path.join(root, 'sw', 'main.ts'), formats: ['es'], fileName: () => 'stitchbox-sw.js' },
    minify: true,
    sourcemap: false,
  },
});
const size = fs.statSync(path.join(swOut, 'stitchbox-sw.js')).size;
console.log(`stitchbox package: dist/lib (${files} files), dist/sw/stitchbox-sw.js (${(size / 1024).toFixed(0)} KiB)`);
