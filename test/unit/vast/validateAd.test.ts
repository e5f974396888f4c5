import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseVast } from '../../../src/vast/parseVast';
import { validateAd } from '../../../src/vast/validateAd';
import { ad, creative, linear } from './vastFixtures';

const corpus = (rel: string) => parseVast(readFileSync(new URL(`../../../../shared/corpus/vast/${rel}`, import.meta.url), 'utf8')).vast;

describe('validateAd (protocols.md §12)', () => {
  it('accepts a complete inline linear ad', () => {
    expect(validateAd(ad())).toBeNull();
    expect(validateAd(corpus('iab-vast-samples/VAST_4.2/Inline_Linear_Tag-test.xml').ads[0])).toBeNull();
  });

  it('rejects an ad without Impression', () => {
    expect(validateAd(ad({ impressions: [] }))).toMatchObject({ reason: 'VAST_PARSING_ERROR', code: 'ERROR_VAST_MISSING_IMPRESSION', vastErrorCode: 101 });
    // The corpus: an Impression element with no URL.
    expect(validateAd(corpus('dailymotion-vast-client-js/vpaid.xml').ads[0])?.code).toBe('ERROR_VAST_MISSING_IMPRESSION');
  });

  it('rejects an ad without creatives', () => {
    expect(validateAd(ad({ creatives: [] }))?.code).toBe('ERROR_VAST_MISSING_CREATIVES');
    expect(validateAd(ad({ creatives: [], creativesBlocks: 0 }))?.code).toBe('ERROR_VAST_MISSING_CREATIVES');
    expect(validateAd(ad({ creativesBlocks: 2 }))?.code).toBe('ERROR_VAST_MISSING_CREATIVES');
  });

  it('rejects an ad with no Linear creative (201: wrong linearity)', () => {
    const r = validateAd(ad({ creatives: [creative({ linear: null, linearCount: 0 })] }));
    expect(r).toMatchObject({ code: 'ERROR_VAST_MISSING_CREATIVES', vastErrorCode: 201 });
    const overlay = corpus('iab-vast-samples/VAST_4.2/Inline_Non-Linear_Tag-test.xml').ads[0];
    expect(validateAd(overlay)?.vastErrorCode).toBe(201);
  });

  it('rejects several Linear elements, in one creative or across creatives', () => {
    expect(validateAd(ad({ creatives: [creative({ linearCount: 2 })] }))?.code).toBe('ERROR_VAST_MULTIPLE_LINEAR');
    expect(validateAd(ad({ creatives: [creative(), creative({ id: 'cr2' })] }))?.code).toBe('ERROR_VAST_MULTIPLE_LINEAR');
  });

  it('rejects several TrackingEvents blocks', () => {
    expect(validateAd(ad({ creatives: [creative({ linear: linear({ trackingEventsBlocks: 2 }) })] }))?.code).toBe('ERROR_VAST_MULTIPLE_TRACKING_EVENTS');
  });

  it('rejects a Linear without MediaFiles, or with several MediaFiles blocks', () => {
    expect(validateAd(ad({ creatives: [creative({ linear: linear({ mediaFiles: [], mediaFilesBlocks: 0 }) })] }))?.code).toBe('ERROR_VAST_MISSING_MEDIAFILES');
    expect(validateAd(ad({ creatives: [creative({ linear: linear({ mediaFiles: [] }) })] }))?.code).toBe('ERROR_VAST_MISSING_MEDIAFILES');
    expect(validateAd(ad({ creatives: [creative({ linear: linear({ mediaFilesBlocks: 2 }) })] }))?.code).toBe('ERROR_VAST_INVALID_MEDIA_FILE');
  });

  it('rejects an unresolved wrapper', () => {
    expect(validateAd(ad({ kind: 'wrapper', wrapperUri: 'http://next' }))).toMatchObject({ reason: 'INVALID_VAST_WRAPPER_AD', vastErrorCode: 300 });
  });

  it('works without the optional block counts (ads built by hand)', () => {
    const bare = ad({ creativesBlocks: undefined, creatives: [creative({ linear: linear({ mediaFilesBlocks: undefined, trackingEventsBlocks: undefined }) })] });
    expect(validateAd(bare)).toBeNull();
  });

  it('names the ad in the message', () => {
    expect(validateAd(ad({ id: 'xyz', impressions: [] }))?.message).toContain('xyz');
  });
});
