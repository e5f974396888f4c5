import { describe, expect, it } from 'vitest';
import { adsInPlayOrder } from '../../../src/vast/podOrder';
import { parseVast } from '../../../src/vast/parseVast';
import { readFileSync } from 'node:fs';
import { ad } from './vastFixtures';

const doc = (ads: ReturnType<typeof ad>[]) => ({ version: '4.2', ads, errors: [] });

describe('adsInPlayOrder', () => {
  it('plays a pod in sequence order, not document order', () => {
    const out = adsInPlayOrder(doc([ad({ id: 'c', sequence: 3 }), ad({ id: 'a', sequence: 1 }), ad({ id: 'b', sequence: 2 })]));
    expect(out.map((a) => a.id)).toEqual(['a', 'b', 'c']);
  });

  it('takes the pod and leaves the standalone ads out when there is a pod', () => {
    const out = adsInPlayOrder(doc([ad({ id: 's1' }), ad({ id: 'p2', sequence: 2 }), ad({ id: 's2' }), ad({ id: 'p1', sequence: 1 })]));
    expect(out.map((a) => a.id)).toEqual(['p1', 'p2']);
  });

  it('without a pod, plays the standalone ads in document order', () => {
    expect(adsInPlayOrder(doc([ad({ id: 'x' }), ad({ id: 'y' })])).map((a) => a.id)).toEqual(['x', 'y']);
  });

  it('keeps document order between equal sequence numbers', () => {
    const out = adsInPlayOrder(doc([ad({ id: 'b', sequence: 1 }), ad({ id: 'a', sequence: 1 }), ad({ id: 'z', sequence: 0 })]));
    expect(out.map((a) => a.id)).toEqual(['z', 'b', 'a']);
  });

  it('returns a new array and leaves the document alone', () => {
    const d = doc([ad({ id: 'x' })]);
    const out = adsInPlayOrder(d);
    out.pop();
    expect(d.ads).toHaveLength(1);
    expect(adsInPlayOrder(doc([]))).toEqual([]);
  });

  it('dailymotion sample.xml: the pod ad only', () => {
    const xml = readFileSync(new URL('../../../../shared/corpus/vast/dailymotion-vast-client-js/sample.xml', import.meta.url), 'utf8');
    expect(adsInPlayOrder(parseVast(xml).vast).map((a) => a.id)).toEqual(['ad_id_0001']);
  });
});
