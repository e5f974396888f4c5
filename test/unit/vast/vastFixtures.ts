import type { VastAd, VastCreative, VastLinear, VastMediaFile } from '../../../src/vast/vastModel';

export function mediaFile(over: Partial<VastMediaFile> = {}): VastMediaFile {
  return {
    uri: 'https://cdn.example.com/ad.mp4', delivery: 'progressive', type: 'video/mp4', width: 1280, height: 720, bitrate: 2000,
    minBitrate: null, maxBitrate: null, codec: null, id: null, apiFramework: null, scalable: null, maintainAspectRatio: null,
    fileSize: null, mediaType: null, ...over,
  };
}

export function linear(over: Partial<VastLinear> = {}): VastLinear {
  return {
    duration: 15, durationText: '00:00:15', skipOffset: null, mediaFiles: [mediaFile()], tracking: [], clickThrough: null,
    clickTracking: [], customClick: [], adParameters: '', mediaFilesBlocks: 1, trackingEventsBlocks: 1,
    mezzanines: [], interactiveCreativeFiles: [], closedCaptionFiles: [], icons: [], ...over,
  };
}

export function creative(over: Partial<VastCreative> = {}): VastCreative {
  return {
    id: 'cr1', adId: 'adid1', sequence: '1', universalAdIds: [], linear: linear(), linearCount: 1,
    apiFramework: null, nonLinearAds: null, companionAds: null, creativeExtensions: [], ...over,
  };
}

export function ad(over: Partial<VastAd> = {}): VastAd {
  return {
    id: 'ad1', sequence: null, kind: 'inline', adSystem: 'sys', adSystemVersion: '', adTitle: 'title',
    impressions: ['https://t.example.com/imp'], errors: [], creatives: [creative()], wrapperUri: null, creativesBlocks: 1,
    adType: '', conditionalAd: null, adServingId: '', pricing: null, advertiser: '', categories: [], description: '', survey: null,
    expires: null, extensions: [], verifications: [], viewableImpression: null, blockedAdCategories: [], wrapper: null, ...over,
  };
}
