import { describe, expect, it } from 'vitest';
import { mergeWrapper } from '../../../src/vast/mergeWrapper';
import type { VastCompanion, VastNonLinear } from '../../../src/vast/vastModel';
import { ad, creative, linear } from './vastFixtures';

const companion = (over: Partial<VastCompanion> = {}): VastCompanion => ({
  id: '', width: 300, height: 250, assetWidth: null, assetHeight: null, expandedWidth: null, expandedHeight: null, apiFramework: null, adSlotId: null,
  pxratio: null, renderingMode: null, staticResources: [], iframeResources: [], htmlResources: [], altText: '', adParameters: '', clickThrough: null,
  clickTracking: [], tracking: [], ...over,
});
const nonLinear = (over: Partial<VastNonLinear> = {}): VastNonLinear => ({
  id: '', width: 300, height: 50, expandedWidth: null, expandedHeight: null, scalable: null, maintainAspectRatio: null, minSuggestedDuration: null,
  apiFramework: null, staticResources: [], iframeResources: [], htmlResources: [], adParameters: '', clickThrough: null, clickTracking: [], ...over,
});

describe('mergeWrapper', () => {
  const inline = ad({
    id: 'in', impressions: ['imp-in'], errors: ['err-in'],
    creatives: [
      creative({ linear: linear({ tracking: [{ event: 'start', url: 'start-in', offset: null }], clickThrough: 'landing-in', clickTracking: ['ct-in'] }) }),
      creative({ id: 'comp', linear: null, linearCount: 0, companionAds: { required: 'any', companions: [companion({ clickTracking: ['cct-in'] })] } }),
      creative({ id: 'nl', linear: null, linearCount: 0, nonLinearAds: { tracking: [], nonLinears: [nonLinear({ clickTracking: ['nlct-in'] })] } }),
    ],
    verifications: [{ vendor: 'in', javaScriptResources: [], executableResources: [], tracking: [], verificationParameters: '' }],
    extensions: [{ type: 'in', content: '' }],
    viewableImpression: { id: 'v', viewable: ['v-in'], notViewable: [], viewUndetermined: [] },
  });
  const wrapper = ad({
    id: 'w', kind: 'wrapper', wrapperUri: 'http://next', impressions: ['imp-w'], errors: ['err-w'],
    creatives: [
      creative({ linear: linear({ mediaFiles: [], tracking: [{ event: 'complete', url: 'complete-w', offset: null }], clickThrough: 'landing-w', clickTracking: ['ct-w'], customClick: ['cc-w'] }) }),
      creative({ linear: null, linearCount: 0, companionAds: { required: null, companions: [
        companion({ clickTracking: ['cct-w'], tracking: [{ event: 'creativeView', url: 'cv-w', offset: null }] }),
        companion({ id: 'shown', staticResources: [{ uri: 'banner.png', creativeType: 'image/png' }] }),
      ] } }),
      creative({ linear: null, linearCount: 0, nonLinearAds: { tracking: [{ event: 'close', url: 'close-w', offset: null }], nonLinears: [nonLinear({ clickTracking: ['nlct-w'] })] } }),
    ],
    verifications: [{ vendor: 'w', javaScriptResources: [], executableResources: [], tracking: [], verificationParameters: '' }],
    extensions: [{ type: 'w', content: '' }],
    viewableImpression: { id: '', viewable: ['v-w'], notViewable: ['nv-w'], viewUndetermined: [] },
    blockedAdCategories: ['IAB25'],
  });
  const merged = mergeWrapper(inline, wrapper);

  it('puts the wrapper\'s impressions and errors first and keeps the inline ad\'s identity', () => {
    expect(merged).toMatchObject({ id: 'in', kind: 'inline', impressions: ['imp-w', 'imp-in'], errors: ['err-w', 'err-in'], wrapperUri: null });
  });

  it('adds linear tracking and clicks; the inline ClickThrough wins', () => {
    expect(merged.creatives[0].linear).toMatchObject({
      tracking: [{ url: 'start-in' }, { url: 'complete-w' }], clickTracking: ['ct-in', 'ct-w'], customClick: ['cc-w'], clickThrough: 'landing-in',
    });
  });

  it('adds companion and non-linear tracking to every companion and non-linear, and offers wrapper companions with a resource', () => {
    expect(merged.creatives[1].companionAds!.companions[0]).toMatchObject({ clickTracking: ['cct-in', 'cct-w'], tracking: [{ url: 'cv-w' }] });
    expect(merged.creatives[2].nonLinearAds).toMatchObject({ tracking: [{ url: 'close-w' }], nonLinears: [{ clickTracking: ['nlct-in', 'nlct-w'] }] });
    expect(merged.creatives).toHaveLength(4);
    expect(merged.creatives[3].companionAds!.companions.map((c) => c.id)).toEqual(['shown']);
  });

  it('appends verifications, extensions, viewability URLs and blocked categories', () => {
    expect(merged.verifications.map((v) => v.vendor)).toEqual(['in', 'w']);
    expect(merged.extensions.map((e) => e.type)).toEqual(['in', 'w']);
    expect(merged.viewableImpression).toEqual({ id: 'v', viewable: ['v-in', 'v-w'], notViewable: ['nv-w'], viewUndetermined: [] });
    expect(merged.blockedAdCategories).toEqual(['IAB25']);
  });

  it('changes neither input', () => {
    expect(inline.impressions).toEqual(['imp-in']);
    expect(inline.creatives[0].linear!.tracking).toHaveLength(1);
    expect(inline.creatives).toHaveLength(3);
  });
});
