import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from this file's place in it (demo/server/). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where scripts/make-media.sh writes the test media. */
export const DEFAULT_MEDIA_DIR = path.join(REPO_ROOT, 'demo', 'media');
/**
 * Where `vite build` writes the demo page and the worker (vite.config.ts `build.outDir`). STITCHBOX_DIST moves
 * it, so that two checkouts' browser test runs on one machine do not build over each other.
 */
export const DEFAULT_STATIC_DIR = process.env.STITCHBOX_DIST ? path.resolve(process.env.STITCHBOX_DIST) : path.join(REPO_ROOT, 'dist', 'demo');
