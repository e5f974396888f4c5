/**
 * `npm run bench`: runs every test/bench/*.bench.ts module (each exports a default async function returning
 * BenchRow[]), prints one table and writes test/bench/results.json (DESIGN.md "Benchmarks").
 * `npm run bench -- scte35 vast` runs only the modules whose file name contains one of the words.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';
import type { BenchRow } from './measure';

const here = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts') && (!filters.length || filters.some((w) => f.includes(w)))).sort();

const rows: BenchRow[] = [];
for (const f of files) {
  process.stderr.write(`running ${f}...\n`);
  const mod = (await import(pathToFileURL(path.join(here, f)).href)) as { default: () => Promise<BenchRow[]> };
  try {
    rows.push(...(await mod.default()));
  } catch (e) {
    process.stderr.write(`${f} failed: ${(e as Error).stack}\n`);
    process.exitCode = 1;
  }
}

const fmt = (n: number | null, d = 3) => (n === null ? '—' : Number.isInteger(n) ? String(n) : n.toFixed(d));
const table = [['id', 'value', 'unit', 'baseline', 'ratio'], ...rows.map((r) => [r.id, fmt(r.value), r.unit, fmt(r.baseline), fmt(r.ratio)])];
const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
for (const [i, r] of table.entries()) {
  console.log(r.map((c, j) => c.padEnd(widths[j])).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
for (const r of rows) if (r.note) console.log(`\n${r.id}: ${r.note}`);
console.log(`\nmachine: ${os.cpus()[0]?.model ?? '?'} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);

if (!filters.length) {
  writeFileSync(path.join(here, 'results.json'), JSON.stringify(rows.map(({ id, value, unit, baseline, ratio }) => ({ id, value, unit, baseline, ratio })), null, 2) + '\n');
  console.log(`wrote ${path.relative(process.cwd(), path.join(here, 'results.json'))}`);
}
