/// <reference lib="webworker" />
/**
 * The standalone stitchbox service worker (built to stitchbox-sw.js for the demo and the npm package): the
 * engine, its ports and every event handler come from installStitchbox (sw/installStitchbox.ts), the same code
 * a publisher's own worker uses through `stitchbox/sw`. Only requests on stitchbox's routes are answered;
 * everything else is left to the browser.
 */
import { installStitchbox } from './installStitchbox';

declare const self: ServiceWorkerGlobalScope;

installStitchbox(self);
