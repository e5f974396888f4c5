/**
 * What a wrapper adds to the ad it leads to (VAST 4.2 §2.4.3.4 "Wrapper tracking": the player fires the
 * wrapper's Impression, Error, tracking and click tracking along with the InLine ad's, for every wrapper of
 * the chain). Pure: returns a new inline ad, the inputs are not changed.
 *
 * - Impression and Error URLs: the wrapper's first, then the ad's (the outermost wrapper ends up first).
 * - Linear: the tracking, ClickTracking, CustomClick and Icons of the wrapper's Linear creatives go to every
 *   Linear of the ad; the wrapper's ClickThrough only when the ad has none (VAST 2 wrappers carried one).
 * - NonLinearAds: the wrapper's tracking and NonLinearClickTracking go to every NonLinear of the ad.
 * - CompanionAds: the wrapper's companion click and creativeView tracking go to every companion of the ad;
 *   wrapper companions that carry a resource are offered too, as an extra companion creative.
 * - AdVerifications, Extensions, ViewableImpression and BlockedAdCategories: the ad's, then the wrapper's
 *   (VAST 4.1 `AdVerifications`: the verification scripts of wrappers are loaded too).
 */
import type { VastAd, VastCompanion, VastCreative, VastIcon, VastTracking, VastViewableImpression } from './vastModel';

interface WrapperParts {
  linearTracking: VastTracking[];
  clickTracking: string[];
  customClick: string[];
  clickThrough: string | null;
  icons: VastIcon[];
  nonLinearTracking: VastTracking[];
  nonLinearClickTracking: string[];
  companionTracking: VastTracking[];
  companionClickTracking: string[];
  companionsWithResources: VastCompanion[];
}

function hasResource(c: VastCompanion): boolean {
  return c.staticResources.length + c.iframeResources.length + c.htmlResources.length > 0;
}

function partsOf(wrapper: VastAd): WrapperParts {
  const p: WrapperParts = {
    linearTracking: [], clickTracking: [], customClick: [], clickThrough: null, icons: [], nonLinearTracking: [], nonLinearClickTracking: [],
    companionTracking: [], companionClickTracking: [], companionsWithResources: [],
  };
  for (const c of wrapper.creatives) {
    const l = c.linear;
    if (l) {
      p.linearTracking.push(...l.tracking);
      p.clickTracking.push(...l.clickTracking);
      p.customClick.push(...l.customClick);
      p.clickThrough ??= l.clickThrough;
      p.icons.push(...l.icons);
    }
    if (c.nonLinearAds) {
      p.nonLinearTracking.push(...c.nonLinearAds.tracking);
      for (const n of c.nonLinearAds.nonLinears) p.nonLinearClickTracking.push(...n.clickTracking);
    }
    for (const comp of c.companionAds?.companions ?? []) {
      p.companionTracking.push(...comp.tracking);
      p.companionClickTracking.push(...comp.clickTracking);
      if (hasResource(comp)) p.companionsWithResources.push(comp);
    }
  }
  return p;
}

function mergeCreative(c: VastCreative, p: WrapperParts): VastCreative {
  const out: VastCreative = { ...c };
  if (c.linear) {
    out.linear = {
      ...c.linear,
      tracking: [...c.linear.tracking, ...p.linearTracking],
      clickTracking: [...c.linear.clickTracking, ...p.clickTracking],
      customClick: [...c.linear.customClick, ...p.customClick],
      clickThrough: c.linear.clickThrough ?? p.clickThrough,
      icons: [...c.linear.icons, ...p.icons],
    };
  }
  if (c.nonLinearAds && (p.nonLinearTracking.length || p.nonLinearClickTracking.length)) {
    out.nonLinearAds = {
      tracking: [...c.nonLinearAds.tracking, ...p.nonLinearTracking],
      nonLinears: c.nonLinearAds.nonLinears.map((n) => ({ ...n, clickTracking: [...n.clickTracking, ...p.nonLinearClickTracking] })),
    };
  }
  if (c.companionAds && (p.companionTracking.length || p.companionClickTracking.length)) {
    out.companionAds = {
      required: c.companionAds.required,
      companions: c.companionAds.companions.map((comp) => ({
        ...comp, tracking: [...comp.tracking, ...p.companionTracking], clickTracking: [...comp.clickTracking, ...p.companionClickTracking],
      })),
    };
  }
  return out;
}

function mergeViewable(a: VastViewableImpression | null, b: VastViewableImpression | null): VastViewableImpression | null {
  if (!a || !b) return a ?? b;
  return {
    id: a.id || b.id,
    viewable: [...a.viewable, ...b.viewable],
    notViewable: [...a.notViewable, ...b.notViewable],
    viewUndetermined: [...a.viewUndetermined, ...b.viewUndetermined],
  };
}

export function mergeWrapper(ad: VastAd, wrapper: VastAd): VastAd {
  const p = partsOf(wrapper);
  const creatives = ad.creatives.map((c) => mergeCreative(c, p));
  if (p.companionsWithResources.length) {
    const from = wrapper.creatives.find((c) => c.companionAds?.companions.some(hasResource));
    creatives.push({
      id: from?.id ?? '', adId: from?.adId ?? '', sequence: from?.sequence ?? '', universalAdIds: from?.universalAdIds ?? [], linear: null, linearCount: 0,
      apiFramework: null, nonLinearAds: null, companionAds: { required: null, companions: p.companionsWithResources }, creativeExtensions: [],
    });
  }
  return {
    ...ad,
    impressions: [...wrapper.impressions, ...ad.impressions],
    errors: [...wrapper.errors, ...ad.errors],
    creatives,
    verifications: [...ad.verifications, ...wrapper.verifications],
    extensions: [...ad.extensions, ...wrapper.extensions],
    viewableImpression: mergeViewable(ad.viewableImpression, wrapper.viewableImpression),
    blockedAdCategories: [...ad.blockedAdCategories, ...wrapper.blockedAdCategories],
  };
}
