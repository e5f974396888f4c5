import type { PodAd } from './vastQuery';

/**
 * VAST 4.2 documents for the sample ADS. Pure: the route decides what to answer, this only writes XML.
 * Element order follows the IAB vast_4.2.xsd sequences (AdSystem, Error, Impression, AdServingId,
 * AdTitle, Creatives; TrackingEvents, Duration, MediaFiles, VideoClicks; ClickTracking before ClickThrough; UniversalAdId after Linear,
 * as in the IAB 4.2 samples), and the output validates against that schema once
 * the macros are filled (`[ERRORCODE]` is not an xs:anyURI until then). Every URL is in CDATA (as the IAB
 * samples do) because beacon URLs carry `&` and macros.
 */
export interface VastBuildOptions {
  /** `http://host:port` of the demo server, from the request's Host header. */
  origin: string;
  /** Linear@skipoffset in seconds, or null for non-skippable ads. */
  skipSeconds: number | null;
  /** Add a CompanionAds creative (a static image and an HTML companion). */
  companion?: boolean;
  /** Add a NonLinearAds creative (an overlay). */
  nonlinear?: boolean;
  /** Add an AdChoices Icon to the Linear (VAST 4.2 Icons). */
  icon?: boolean;
  /** Add an Open Measurement AdVerifications block (VAST 4.1+). */
  verification?: boolean;
  /** Add an Extensions block (VAST 4.2 Extensions). */
  extension?: boolean;
  /** Add a VPAID MediaFile and a SIMID InteractiveCreativeFile (listed by the tracking JSON, never stitched). */
  interactive?: boolean;
  /** Inserted after `/ads/media/` in the MediaFile URLs: a fault switch (faults.ts adMediaFaultPrefix), '' by default. */
  mediaPrefix?: string;
}

/** The events every linear ad reports (VAST 4.2 §3.14.1); `skip` is added for skippable ads. */
export const LINEAR_EVENTS = [
  'start', 'firstQuartile', 'midpoint', 'thirdQuartile', 'complete', 'pause', 'resume', 'mute', 'unmute',
] as const;

export const VAST_CONTENT_TYPE = 'application/xml; charset=utf-8';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** VAST time code `HH:MM:SS.mmm` (VAST 4.2 §3.9.1 Duration). */
export function formatVastTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000), 2)}:${pad(Math.floor(ms / 60_000) % 60, 2)}:${pad(Math.floor(ms / 1000) % 60, 2)}.${pad(ms % 1000, 3)}`;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function cdata(url: string): string {
  return `<![CDATA[${url.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** Beacon sink URLs name the event and the ad (DESIGN.md "The demo server"). */
export function trackUrl(origin: string, event: string, adId: string): string {
  return `${origin}/beacons/track?event=${event}&ad=${encodeURIComponent(adId)}&cb=[CACHEBUSTING]`;
}

function adXml(ad: PodAd, o: VastBuildOptions): string {
  const c = ad.creative;
  const media = `${o.origin}/ads/media/${o.mediaPrefix ?? ''}${c.id}`;
  const events = o.skipSeconds === null ? [...LINEAR_EVENTS] : [...LINEAR_EVENTS, 'skip'];
  const skip = o.skipSeconds === null ? '' : ` skipoffset="${formatVastTime(o.skipSeconds)}"`;
  const id = esc(ad.id);
  return `  <Ad id="${id}" sequence="${ad.sequence}" adType="video">
    <InLine>
      <AdSystem version="1.0">stitchbox-demo</AdSystem>
      <Error>${cdata(`${o.origin}/beacons/error?ad=${encodeURIComponent(ad.id)}&code=[ERRORCODE]`)}</Error>${o.extension ? extensionsXml(ad) : ''}
      <Impression id="${id}-impression">${cdata(trackUrl(o.origin, 'impression', ad.id))}</Impression>
      <AdServingId>${id}</AdServingId>
      <AdTitle>${esc(c.title)}</AdTitle>${o.verification ? verificationXml(ad, o) : ''}
      <Creatives>
        <Creative id="creative-${c.id}" adId="${id}" sequence="1">
          <Linear${skip}>${o.icon ? iconXml(ad, o) : ''}
            <TrackingEvents>
${events.map((e) => `              <Tracking event="${e}">${cdata(trackUrl(o.origin, e, ad.id))}</Tracking>`).join('\n')}
            </TrackingEvents>
            <Duration>${formatVastTime(c.seconds)}</Duration>
            <MediaFiles>
              <MediaFile id="${c.id}-hls" delivery="streaming" type="application/x-mpegURL" width="${c.width}" height="${c.height}" bitrate="${c.hlsKbps}" codec="${esc(c.codecs)}">${cdata(`${media}/master.m3u8`)}</MediaFile>
              <MediaFile id="${c.id}-hls-fmp4" delivery="streaming" type="application/x-mpegURL" width="${c.width}" height="${c.height}" bitrate="${c.fmp4Kbps}" codec="${esc(c.codecs)}">${cdata(`${media}/fmp4/master.m3u8`)}</MediaFile>
              <MediaFile id="${c.id}-dash" delivery="streaming" type="application/dash+xml" width="${c.width}" height="${c.height}" bitrate="${c.dashKbps}" codec="${esc(c.codecs)}">${cdata(`${media}/manifest.mpd`)}</MediaFile>
              <MediaFile id="${c.id}-mp4" delivery="progressive" type="video/mp4" width="${c.width}" height="${c.height}" bitrate="${c.mp4Kbps}" codec="${esc(c.codecs)}">${cdata(`${media}/${c.id}.mp4`)}</MediaFile>
${o.interactive ? `              <MediaFile id="${c.id}-vpaid" delivery="progressive" type="application/javascript" apiFramework="VPAID" width="${c.width}" height="${c.height}">${cdata(`${o.origin}/ads/vpaid.js?ad=${encodeURIComponent(ad.id)}`)}</MediaFile>
` : ''}              <Mezzanine delivery="progressive" type="video/mp4" width="${c.width}" height="${c.height}">${cdata(`${media}/${c.id}.mp4`)}</Mezzanine>
${o.interactive ? `              <InteractiveCreativeFile type="text/html" apiFramework="SIMID" variableDuration="false">${cdata(`${o.origin}/ads/simid.html?ad=${encodeURIComponent(ad.id)}`)}</InteractiveCreativeFile>
` : ''}            </MediaFiles>
            <VideoClicks>
              <ClickTracking id="${id}-clicktracking">${cdata(trackUrl(o.origin, 'clickTracking', ad.id))}</ClickTracking>
              <ClickThrough id="${id}-clickthrough">${cdata(`${o.origin}/ads/landing?ad=${encodeURIComponent(ad.id)}`)}</ClickThrough>
            </VideoClicks>
          </Linear>
          <UniversalAdId idRegistry="stitchbox-demo">${c.id}</UniversalAdId>
        </Creative>${o.companion ? companionXml(ad, o) : ''}${o.nonlinear ? nonLinearXml(ad.id, o) : ''}
      </Creatives>
    </InLine>
  </Ad>`;
}

/** An AdChoices icon (VAST 4.2 Icon) shown from 1 s into the ad for 5 s, with click and view tracking. */
function iconXml(ad: PodAd, o: VastBuildOptions): string {
  return `
            <Icons>
              <Icon program="AdChoices" width="20" height="20" xPosition="right" yPosition="top" offset="00:00:01" duration="00:00:05">
                <StaticResource creativeType="image/svg+xml">${cdata(bannerUrl(o.origin, 20, 20))}</StaticResource>
                <IconClicks>
                  <IconClickThrough>${cdata(`${o.origin}/ads/landing?ad=${encodeURIComponent(ad.id)}&from=icon`)}</IconClickThrough>
                  <IconClickTracking>${cdata(trackUrl(o.origin, 'iconClick', ad.id))}</IconClickTracking>
                </IconClicks>
                <IconViewTracking>${cdata(trackUrl(o.origin, 'iconView', ad.id))}</IconViewTracking>
              </Icon>
            </Icons>`;
}

/** An Open Measurement verification (VAST 4.1 AdVerifications) with its verificationNotExecuted tracking. */
function verificationXml(ad: PodAd, o: VastBuildOptions): string {
  return `
      <AdVerifications>
        <Verification vendor="stitchbox-demo-verifier">
          <JavaScriptResource apiFramework="omid" browserOptional="true">${cdata(`${o.origin}/ads/omid.js`)}</JavaScriptResource>
          <TrackingEvents>
            <Tracking event="verificationNotExecuted">${cdata(trackUrl(o.origin, 'verificationNotExecuted', ad.id))}</Tracking>
          </TrackingEvents>
          <VerificationParameters>${cdata(`{"ad":"${ad.id}"}`)}</VerificationParameters>
        </Verification>
      </AdVerifications>`;
}

/** One custom extension (VAST 4.2 Extensions) naming the creative. */
function extensionsXml(ad: PodAd): string {
  return `
      <Extensions>
        <Extension type="stitchbox-demo"><DemoCreative id="${esc(ad.creative.id)}" seconds="${ad.creative.seconds}"/></Extension>
      </Extensions>`;
}

/** The banner the companions and the overlay show. */
export function bannerUrl(origin: string, width: number, height: number): string {
  return `${origin}/ads/banner.svg?w=${width}&h=${height}`;
}

/** Two companions (VAST 4.2 CompanionAds): a static image and an HTML snippet, with clicks and creativeView tracking. */
function companionXml(ad: PodAd, o: VastBuildOptions): string {
  const id = esc(ad.id);
  const track = (kind: string) => `
              <TrackingEvents>
                <Tracking event="creativeView">${cdata(trackUrl(o.origin, 'creativeView', `${ad.id}-${kind}`))}</Tracking>
              </TrackingEvents>`;
  return `
        <Creative id="companion-${id}" sequence="1">
          <CompanionAds required="any">
            <Companion id="${id}-static" width="300" height="250" assetWidth="300" assetHeight="250" adSlotId="demo-side">
              <StaticResource creativeType="image/svg+xml">${cdata(bannerUrl(o.origin, 300, 250))}</StaticResource>
              <AltText>stitchbox demo companion</AltText>
              <CompanionClickThrough>${cdata(`${o.origin}/ads/landing?ad=${encodeURIComponent(ad.id)}&from=companion`)}</CompanionClickThrough>
              <CompanionClickTracking>${cdata(trackUrl(o.origin, 'companionClick', `${ad.id}-static`))}</CompanionClickTracking>${track('static')}
            </Companion>
            <Companion id="${id}-html" width="728" height="90">
              <HTMLResource>${cdata(`<a href="${o.origin}/ads/landing?ad=${encodeURIComponent(ad.id)}" target="_blank">${esc(ad.creative.title)}</a>`)}</HTMLResource>
              <CompanionClickTracking>${cdata(trackUrl(o.origin, 'companionClick', `${ad.id}-html`))}</CompanionClickTracking>${track('html')}
            </Companion>
          </CompanionAds>
        </Creative>`;
}

/** An overlay (VAST 4.2 NonLinearAds) shown over the content. */
function nonLinearXml(adId: string, o: Pick<VastBuildOptions, 'origin'>): string {
  const id = esc(adId);
  return `
        <Creative id="overlay-${id}" sequence="1">
          <NonLinearAds>
            <NonLinear id="${id}-overlay" width="480" height="60" minSuggestedDuration="00:00:10" scalable="true" maintainAspectRatio="true">
              <StaticResource creativeType="image/svg+xml">${cdata(bannerUrl(o.origin, 480, 60))}</StaticResource>
              <NonLinearClickThrough>${cdata(`${o.origin}/ads/landing?ad=${encodeURIComponent(adId)}&from=overlay`)}</NonLinearClickThrough>
              <NonLinearClickTracking>${cdata(trackUrl(o.origin, 'nonLinearClick', adId))}</NonLinearClickTracking>
            </NonLinear>
            <TrackingEvents>
              <Tracking event="creativeView">${cdata(trackUrl(o.origin, 'creativeView', `${adId}-overlay`))}</Tracking>
              <Tracking event="close">${cdata(trackUrl(o.origin, 'close', `${adId}-overlay`))}</Tracking>
            </TrackingEvents>
          </NonLinearAds>
        </Creative>`;
}

/**
 * One wrapper (VAST 4.2 Wrapper) pointing at `next`, with its own Impression, Error, linear tracking and
 * click tracking to the beacon sink, so a test can see every level fire. allowMultipleAds="true" lets the
 * pod at the end of the chain through whole.
 */
export function buildWrapper(id: string, next: string, o: Pick<VastBuildOptions, 'origin'>): string {
  const eid = esc(id);
  return `${XML_DECL}<VAST version="4.2" xmlns="http://www.iab.com/VAST">
  <Ad id="${eid}">
    <Wrapper allowMultipleAds="true" followAdditionalWrappers="true">
      <AdSystem version="1.0">stitchbox-demo</AdSystem>
      <Error>${cdata(`${o.origin}/beacons/error?ad=${encodeURIComponent(id)}&code=[ERRORCODE]`)}</Error>
      <Impression id="${eid}-impression">${cdata(trackUrl(o.origin, 'impression', id))}</Impression>
      <Creatives>
        <Creative id="${eid}-tracking">
          <Linear>
            <TrackingEvents>
${LINEAR_EVENTS.map((e) => `              <Tracking event="${e}">${cdata(trackUrl(o.origin, e, id))}</Tracking>`).join('\n')}
            </TrackingEvents>
            <VideoClicks>
              <ClickTracking>${cdata(trackUrl(o.origin, 'clickTracking', id))}</ClickTracking>
            </VideoClicks>
          </Linear>
        </Creative>
      </Creatives>
      <VASTAdTagURI>${cdata(next)}</VASTAdTagURI>
    </Wrapper>
  </Ad>
</VAST>
`;
}

/** One VMAP 1.0 AdBreak: its ads inline (a VAST document) or by URI, and its break tracking to the beacon sink. */
export interface VmapBreakSpec {
  id: string;
  timeOffset: string;
  /** VMAP AdBreak@breakType; linear when absent. */
  breakType?: 'linear' | 'nonlinear';
  vast?: string;
  adTagUri?: string;
}

/** A VMAP 1.0 document (IAB VMAP 1.0: VMAP, AdBreak, AdSource, VASTAdData or AdTagURI, TrackingEvents). */
export function buildVmap(breaks: readonly VmapBreakSpec[], o: Pick<VastBuildOptions, 'origin'>): string {
  const body = breaks.map((b) => {
    const id = esc(b.id);
    const source = b.vast !== undefined
      ? `<vmap:VASTAdData>\n${b.vast.replace(XML_DECL, '')}      </vmap:VASTAdData>`
      : `<vmap:AdTagURI templateType="vast4">${cdata(b.adTagUri ?? '')}</vmap:AdTagURI>`;
    const track = (event: string, url: string) => `        <vmap:Tracking event="${event}">${cdata(url)}</vmap:Tracking>`;
    return `  <vmap:AdBreak timeOffset="${esc(b.timeOffset)}" breakType="${b.breakType ?? 'linear'}" breakId="${id}">
    <vmap:AdSource id="${id}-source" allowMultipleAds="true" followRedirects="true">
      ${source}
    </vmap:AdSource>
    <vmap:TrackingEvents>
${track('breakStart', `${o.origin}/beacons/track?event=breakStart&break=${encodeURIComponent(b.id)}&cb=[CACHEBUSTING]`)}
${track('breakEnd', `${o.origin}/beacons/track?event=breakEnd&break=${encodeURIComponent(b.id)}&cb=[CACHEBUSTING]`)}
${track('error', `${o.origin}/beacons/error?break=${encodeURIComponent(b.id)}&code=[ERRORCODE]`)}
    </vmap:TrackingEvents>
  </vmap:AdBreak>`;
  });
  return `${XML_DECL}<vmap:VMAP xmlns:vmap="http://www.iab.net/videosuite/vmap" version="1.0">\n${body.join('\n')}\n</vmap:VMAP>\n`;
}

/** An overlay-only answer (for a VMAP nonlinear break): one Ad whose only creative is NonLinearAds. */
export function buildOverlayVast(id: string, o: Pick<VastBuildOptions, 'origin'>): string {
  const eid = esc(id);
  return `${XML_DECL}<VAST version="4.2" xmlns="http://www.iab.com/VAST">
  <Ad id="${eid}">
    <InLine>
      <AdSystem version="1.0">stitchbox-demo</AdSystem>
      <Impression id="${eid}-impression">${cdata(trackUrl(o.origin, 'impression', id))}</Impression>
      <AdServingId>${eid}</AdServingId>
      <AdTitle>stitchbox demo overlay</AdTitle>
      <Creatives>${nonLinearXml(id, o)}
      </Creatives>
    </InLine>
  </Ad>
</VAST>
`;
}

/** An inline pod (VAST 4.2 §3.3: Ads with `sequence`). An empty pod gives the no-ad answer. */
export function buildVast(pod: readonly PodAd[], o: VastBuildOptions): string {
  if (pod.length === 0) return buildEmptyVast();
  return `${XML_DECL}<VAST version="4.2" xmlns="http://www.iab.com/VAST">\n${pod.map((a) => adXml(a, o)).join('\n')}\n</VAST>\n`;
}

/** "No ad" (VAST 4.2 §2.3.5.2): a VAST element without Ad children. */
export function buildEmptyVast(): string {
  return `${XML_DECL}<VAST version="4.2" xmlns="http://www.iab.com/VAST"/>\n`;
}

/** A truncated document: unclosed elements, so any XML parser rejects it (VAST error 100). */
export function buildMalformedVast(o: VastBuildOptions): string {
  return `${XML_DECL}<VAST version="4.2"><Ad id="broken" sequence="1"><InLine><AdSystem>stitchbox-demo</AdSystem><AdTitle>broken <Impression>${cdata(trackUrl(o.origin, 'impression', 'broken'))}`;
}
