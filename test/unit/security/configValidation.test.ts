/**
 * Security (issue 9 item 4): configurations are validated (src/session/config.ts) before the worker stores them
 * (sw/createStitchboxWorker.ts `stitchbox:putConfig`). Hostile JSON — prototype-pollution keys at any depth,
 * huge strings, wrong types, URLs whose host a control character or an `@` would change — is refused with one
 * clear message per problem naming the field; nothing reaches Object.prototype; arbitrary JSON never makes
 * validation throw anything but the CONFIG_INVALID error.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { effectiveSettings, parseConfig, validateConfig } from '../../../src/session/config';
import { ErrorCode, StitchboxError } from '../../../src/errors';

const BASE = { Name: 'ok', VideoContentSourceUrl: 'https://origin.example/content', AdDecisionServerUrl: 'https://ads.example/vast?s=[session.id]' };
const json = (extra: string) => `{"Name":"ok","VideoContentSourceUrl":"https://origin.example","AdDecisionServerUrl":"https://ads.example/v",${extra}}`;

function problems(input: unknown): string[] {
  try {
    parseConfig(input);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(StitchboxError);
    expect((e as StitchboxError).code).toBe(ErrorCode.CONFIG_INVALID);
    const errors = (e as StitchboxError).details?.errors as string[];
    expect(errors).toEqual(validateConfig(input));
    return errors;
  }
}

afterEach(() => {
  // Nothing may have reached the shared prototype.
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe('security: configuration validation', () => {
  it('the plain configuration is accepted', () => {
    expect(problems(BASE)).toEqual([]);
  });

  it('prototype-pollution keys (as JSON.parse makes them: own keys) are refused at any depth, naming the path', () => {
    expect(problems(JSON.parse(json('"__proto__":{"polluted":1}')))).toEqual(['__proto__: the key "__proto__" is not allowed in a configuration']);
    expect(problems(JSON.parse(json('"constructor":{"prototype":{"polluted":1}}')))).toEqual(['constructor: the key "constructor" is not allowed in a configuration']);
    expect(problems(JSON.parse(json('"Stitchbox":{"__proto__":{"AdsRequestTimeoutMs":1}}')))).toEqual(['Stitchbox.__proto__: the key "__proto__" is not allowed in a configuration']);
    expect(problems(JSON.parse(json('"Tags":{"a":"b","prototype":"x"}')))).toEqual(['Tags.prototype: the key "prototype" is not allowed in a configuration']);
    expect(problems(JSON.parse(json('"X":[{"y":{"__proto__":{}}}]')))).toEqual(['X.0.y.__proto__: the key "__proto__" is not allowed in a configuration']);
    expect(problems({ ...BASE, Name: '__proto__' })).toEqual(['Name: "__proto__" is reserved']);
    // Before this check such a configuration was stored as given, and `Object.assign({}, config)` would swap in its prototype.
    expect(effectiveSettings(parseConfig(BASE)).adsRequestTimeoutMs).toBe(3000);
  });

  it('huge strings are refused with their size, before any other work', () => {
    const big = 'a'.repeat(2_000_000);
    expect(problems({ ...BASE, VideoContentSourceUrl: `https://o.example/${big}` })).toEqual([expect.stringMatching(/^configuration: at most 1,048,576 characters of JSON, got 2,000,\d{3}$/)]);
    expect(problems({ ...BASE, Tags: { k: big } })).toEqual([expect.stringMatching(/^configuration: at most 1,048,576 characters of JSON/)]);
    expect(problems({ ...BASE, Name: 'n'.repeat(65) })).toEqual(['Name: required, 1-64 characters of A-Z a-z 0-9 _ -']);
    expect(problems({ ...BASE, VideoContentSourceUrl: `https://o.example/${'a'.repeat(5000)}` })).toEqual(['VideoContentSourceUrl: at most 4,096 characters, got 5,018']);
    expect(problems({ ...BASE, SlateAdUrl: `https://o.example/${'a'.repeat(5000)}` })).toEqual(['SlateAdUrl: at most 4,096 characters, got 5,018']);
    expect(problems({ ...BASE, AdDecisionServerUrl: `https://a.example/?${'a'.repeat(25_000)}` })).toEqual(['AdDecisionServerUrl: at most 25,000 characters (MediaTailor quota)']);
  });

  it('wrong types are refused, one message per field', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ Name: 5 }, 'Name: required, 1-64 characters of A-Z a-z 0-9 _ -'],
      [{ Name: ['ok'] }, 'Name: required, 1-64 characters of A-Z a-z 0-9 _ -'],
      [{ VideoContentSourceUrl: ['https://o.example'] }, 'VideoContentSourceUrl: required, an http(s) URL'],
      [{ AdDecisionServerUrl: { toString: () => 'https://a.example' } }, 'AdDecisionServerUrl: required, an http(s) URL (template variables allowed)'],
      [{ SlateAdUrl: 7 }, 'SlateAdUrl: an http(s) URL of an HLS multivariant playlist'],
      [{ PersonalizationThresholdSeconds: '5' }, 'PersonalizationThresholdSeconds: a positive integer'],
      [{ Stitchbox: [] }, 'Stitchbox: must be an object'],
      [{ Stitchbox: { AdsRequestTimeoutMs: '3000' } }, 'Stitchbox.AdsRequestTimeoutMs: a positive number'],
      [{ Stitchbox: { OriginTimeoutMs: Infinity } }, 'Stitchbox.OriginTimeoutMs: a positive number'],
      [{ Stitchbox: { DecisionBudgetMs: -1 } }, 'Stitchbox.DecisionBudgetMs: a positive number'],
      [{ ManifestProcessingRules: 'yes' }, 'ManifestProcessingRules: must be an object'],
      [{ ManifestProcessingRules: { AdMarkerPassthrough: true } }, 'ManifestProcessingRules.AdMarkerPassthrough: must be an object {Enabled}'],
      [{ ManifestProcessingRules: { AdMarkerPassthrough: { Enabled: 'true' } } }, 'ManifestProcessingRules.AdMarkerPassthrough.Enabled: true or false'],
      [{ AvailSuppression: [] }, 'AvailSuppression: must be an object'],
      [{ AvailSuppression: { Mode: 'SOMETIMES' } }, 'AvailSuppression.Mode: OFF, BEHIND_LIVE_EDGE or AFTER_LIVE_EDGE'],
      [{ Tags: 'a' }, 'Tags: an object of strings'],
      [{ Tags: { a: 1 } }, 'Tags: an object of strings'],
      [{ CdnConfiguration: { AdSegmentUrlPrefix: 5 } }, 'CdnConfiguration: an object of URL prefixes (strings)'],
      [{ LivePreRollConfiguration: { AdDecisionServerUrl: 5, MaxDurationSeconds: 5 } }, 'LivePreRollConfiguration.AdDecisionServerUrl: an http(s) URL (template variables allowed)'],
    ];
    for (const [over, message] of cases) expect(problems({ ...BASE, ...over }), JSON.stringify(Object.keys(over))).toEqual([message]);
    for (const v of [null, 5, 'x', [], [BASE], true]) expect(problems(v)).toEqual(['configuration must be a JSON object']);
  });

  it('URLs whose host a control character or an "@" would change are refused', () => {
    // The WHATWG URL parser drops tabs and newlines: this one would fetch from cdn.example.evil.example.
    expect(new URL('https://cdn.example\n.evil.example/x').host).toBe('cdn.example.evil.example');
    expect(problems({ ...BASE, VideoContentSourceUrl: 'https://cdn.example\n.evil.example/x' })).toEqual(['VideoContentSourceUrl: must not contain control characters (tab, CR, LF, NUL, ...)']);
    expect(problems({ ...BASE, SlateAdUrl: 'https://cdn.example/slate\t.m3u8' })).toEqual(['SlateAdUrl: must not contain control characters (tab, CR, LF, NUL, ...)']);
    expect(problems({ ...BASE, AdDecisionServerUrl: 'https://ads.example/v?a=1\r\nHost: evil' })).toEqual(['AdDecisionServerUrl: must not contain control characters (tab, CR, LF, NUL, ...)']);
    expect(problems({ ...BASE, VideoContentSourceUrl: 'https://cdn.example@evil.example/x' })).toEqual(['VideoContentSourceUrl: must not contain credentials or "@" before the host']);
    expect(problems({ ...BASE, AdDecisionServerUrl: 'https://user:pw@ads.example/v' })).toEqual(['AdDecisionServerUrl: must not contain credentials or "@" before the host']);
    expect(problems({ ...BASE, Stitchbox: { CreativeUrlTemplate: 'https://a@b.example/[creative.id].m3u8' } })).toEqual(['Stitchbox.CreativeUrlTemplate: must not contain credentials or "@" before the host']);
    expect(problems({ ...BASE, LivePreRollConfiguration: { AdDecisionServerUrl: 'https://ads.example/\0', MaxDurationSeconds: 10 } }))
      .toEqual(['LivePreRollConfiguration.AdDecisionServerUrl: must not contain control characters (tab, CR, LF, NUL, ...)']);
    for (const scheme of ['javascript:alert(1)', 'data:text/plain,x', 'file:///etc/passwd', '//evil.example/x', 'ftp://o.example/']) {
      expect(problems({ ...BASE, VideoContentSourceUrl: scheme })).toEqual(['VideoContentSourceUrl: required, an http(s) URL']);
    }
    // An "@" after the host (a path or a query) is fine.
    expect(problems({ ...BASE, AdDecisionServerUrl: 'https://ads.example/v?email=a@b.example' })).toEqual([]);
  });

  it('property: arbitrary JSON (with hostile keys mixed in) never throws anything but CONFIG_INVALID, and never pollutes', () => {
    const key = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'Name', 'VideoContentSourceUrl', 'AdDecisionServerUrl', 'SlateAdUrl',
      'Stitchbox', 'AdsRequestTimeoutMs', 'ManifestProcessingRules', 'AdMarkerPassthrough', 'Enabled', 'AvailSuppression', 'Tags',
      'LivePreRollConfiguration', 'MaxDurationSeconds', 'CdnConfiguration'), fc.string({ maxLength: 8 }));
    const value = fc.letrec<{ v: unknown }>((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
        fc.constantFrom('https://o.example', 'https://a.example/v?x=[session.id]', 'ok'),
        fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(key, tie('v'), { maxKeys: 4 })),
    })).v;
    fc.assert(fc.property(fc.dictionary(key, value, { maxKeys: 8 }), fc.boolean(), (extra, withBase) => {
      // Through JSON text, as the worker receives it (structured clone keeps __proto__ as an own key the same way).
      const input = JSON.parse(JSON.stringify(withBase ? { ...BASE, ...extra } : extra)) as unknown;
      const errors = validateConfig(input);
      expect(Array.isArray(errors) && errors.every((e) => typeof e === 'string' && e.length > 0)).toBe(true);
      expect(problems(input)).toEqual(errors);
      if (errors.length === 0) expect(effectiveSettings(parseConfig(input)).adsRequestTimeoutMs).toBeGreaterThan(0);
    }), { numRuns: 1000 });
  });
});
