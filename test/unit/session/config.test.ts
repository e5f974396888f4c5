import { describe, expect, it } from 'vitest';
import { validateConfig, parseConfig, effectiveSettings } from '../../../src/session/config';
import { StitchboxError } from '../../../src/errors';

const good = { Name: 'demo', VideoContentSourceUrl: 'https://origin.example/base/', AdDecisionServerUrl: 'https://ads.example/vast?d=[session.avail_duration_secs]' };

describe('playback configurations', () => {
  it('accepts a MediaTailor PutPlaybackConfiguration body as it is, keeping unknown fields', () => {
    const mt = { ...good, SlateAdUrl: 'https://cdn.example/slate.m3u8', PersonalizationThresholdSeconds: 2, CdnConfiguration: { AdSegmentUrlPrefix: 'https://cdn' },
      DashConfiguration: { MpdLocation: 'DISABLED' }, LivePreRollConfiguration: { MaxDurationSeconds: 30 }, Tags: { team: 'x' } };
    expect(validateConfig(mt)).toEqual([]);
    const c = parseConfig(mt);
    expect(c.VideoContentSourceUrl).toBe('https://origin.example/base');
    expect(c.DashConfiguration).toEqual({ MpdLocation: 'DISABLED' });
  });

  it('names every problem', () => {
    const errors = validateConfig({ Name: 'bad name!', VideoContentSourceUrl: 'ftp://x', AdDecisionServerUrl: 42, PersonalizationThresholdSeconds: -1,
      Stitchbox: { AdsRequestTimeoutMs: 'soon' }, AvailSuppression: { Mode: 'SOMETIMES', Value: '5m' } });
    expect(errors.map((e) => e.split(':')[0])).toEqual(['Name', 'VideoContentSourceUrl', 'AdDecisionServerUrl', 'PersonalizationThresholdSeconds',
      'Stitchbox.AdsRequestTimeoutMs', 'AvailSuppression.Mode', 'AvailSuppression.Value']);
    expect(validateConfig(null)).toEqual(['configuration must be a JSON object']);
    expect(() => parseConfig({})).toThrow(StitchboxError);
  });

  it('validates LivePreRollConfiguration field by field; both fields enable it (protocols.md §9)', () => {
    const pre = (v: unknown) => validateConfig({ ...good, LivePreRollConfiguration: v });
    expect(pre({ AdDecisionServerUrl: 'https://ads.example/pre?i=[avail.index]', MaxDurationSeconds: 30 })).toEqual([]);
    expect(pre({})).toEqual([]);
    expect(pre({ MaxDurationSeconds: 30 })).toEqual([]);
    expect(pre({ AdDecisionServerUrl: 'https://ads.example/pre' })).toEqual(['LivePreRollConfiguration.MaxDurationSeconds: required with AdDecisionServerUrl (both enable the live pre-roll)']);
    expect(pre({ AdDecisionServerUrl: 'ads.example/pre', MaxDurationSeconds: 30 })).toEqual(['LivePreRollConfiguration.AdDecisionServerUrl: an http(s) URL (template variables allowed)']);
    for (const bad of [0, -5, 2.5, '30']) {
      expect(pre({ AdDecisionServerUrl: 'https://ads.example/pre', MaxDurationSeconds: bad })).toEqual(['LivePreRollConfiguration.MaxDurationSeconds: a positive integer (seconds)']);
    }
    expect(pre('yes')).toEqual(['LivePreRollConfiguration: must be an object']);
  });

  it('validates DashConfiguration as MediaTailor spells it; OriginManifestType picks the DASH marker rule (protocols.md §15)', () => {
    const dash = (v: unknown) => validateConfig({ ...good, DashConfiguration: v });
    expect(dash({ OriginManifestType: 'SINGLE_PERIOD', MpdLocation: 'EMT_DEFAULT', ManifestEndpointPrefix: 'https://x.mediatailor.example/v1/dash/' })).toEqual([]);
    expect(dash({ OriginManifestType: 'MULTI_PERIOD' })).toEqual([]);
    expect(dash({})).toEqual([]);
    expect(dash({ OriginManifestType: 'single_period' })).toEqual(['DashConfiguration.OriginManifestType: SINGLE_PERIOD or MULTI_PERIOD']);
    expect(dash({ MpdLocation: 'OFF', ManifestEndpointPrefix: 3 })).toEqual(['DashConfiguration.MpdLocation: EMT_DEFAULT or DISABLED',
      'DashConfiguration.ManifestEndpointPrefix: a string (ignored, as by MediaTailor in PUT)']);
    expect(dash('SINGLE_PERIOD')).toEqual(['DashConfiguration: must be an object {OriginManifestType, MpdLocation}']);
    expect(effectiveSettings(parseConfig(good)).dashOriginManifestType).toBe('MULTI_PERIOD');
    expect(effectiveSettings(parseConfig({ ...good, DashConfiguration: { OriginManifestType: 'SINGLE_PERIOD' } })).dashOriginManifestType).toBe('SINGLE_PERIOD');
  });

  it('fills stitchbox defaults (3 s per ADS request, MediaTailor AdsRequestTimeoutMilliseconds)', () => {
    expect(effectiveSettings(parseConfig(good))).toMatchObject({ adsRequestTimeoutMs: 3000, adMarkerPassthrough: false, creativeUrlTemplate: null });
    expect(effectiveSettings(parseConfig({ ...good, ManifestProcessingRules: { AdMarkerPassthrough: { Enabled: true } } })).adMarkerPassthrough).toBe(true);
  });
});
