#!/usr/bin/env node
// The `stitchbox` command (package.json "bin"). From the installed package it runs the compiled CLI
// (dist/lib, scripts/buildPackage.mjs): no TypeScript loader at run time. In a clone of the repository, where the
// TypeScript source sits next to this file, it runs the source through tsx, so an edit needs no build step.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/main.ts', import.meta.url);
let main;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(source.href));
} else {
  ({ main } = await import(new URL('../dist/lib/src/cli/main.js', import.meta.url).href));
}
process.exitCode = await main(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
