/**
 * `stitchbox/sw`: stitchbox in a service worker. The prebuilt standalone worker is the file
 * `stitchbox/sw/stitchbox-sw.js` (sw/main.ts, bundled); these functions build it into a worker of your own.
 */
export { installStitchbox } from './installStitchbox';
export { registerStitchboxRoutes, STITCHBOX_METHODS } from './registerStitchboxRoutes';
export type { RegisterRoute, StitchboxMethod, StitchboxRoutesOptions } from './registerStitchboxRoutes';
export { createStitchboxWorker } from './createStitchboxWorker';
export type { StitchboxWorker, StitchboxWorkerOptions } from './createStitchboxWorker';
