import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StitchboxError } from '../../../src/errors';
import { parseAdResponse } from '../../../src/vast/parseAdResponse';
import { breakTime, parseTimeOffset } from '../../../src/vast/parseTimeOffset';
import { parseVmap } from '../../../src/vast/parseVmap';

const read = (rel: string) => readFileSync(new URL(`../../../../shared/corpus/vast/vmap/dailymotion-vmap-js/${rel}`, import.meta.url), 'utf8');

function codeOf(fn: () => unknown): number | undefined {
  try { fn(); } catch (e) { expect(e).toBeInstanceOf(StitchboxError); return (e as StitchboxError).vastErrorCode; }
  return undefined;
}

describe('parseTimeOffset', () => {
  it('reads every VMAP 1.0 form', () => {
    expect(parseTimeOffset('start')).toEqual({ kind: 'start' });
    expect(parseTimeOffset('END')).toEqual({ kind: 'end' });
    expect(parseTimeOffset('00:10:23.125')).toEqual({ kind: 'time', seconds: 623.125 });
    expect(parseTimeOffset('01:00:00')).toEqual({ kind: 'time', seconds: 3600 });
    expect(parseTimeOffset('50%')).toEqual({ kind: 'percent', percent: 50 });
    expect(parseTimeOffset('12.5%')).toEqual({ kind: 'percent', percent: 12.5 });
    expect(parseTimeOffset('#2')).toEqual({ kind: 'position', position: 2 });
  });

  it('refuses what is none of them', () => {
    for (const t of ['', 'middle', '30', '101%', '%', '#0', '#x', '-00:00:01', '00:xx:00', null, undefined]) expect(parseTimeOffset(t)).toBeNull();
  });

  it('places breaks on the content timeline', () => {
    expect(breakTime({ kind: 'start' }, 60)).toBe(0);
    expect(breakTime({ kind: 'end' }, 60)).toBe(60);
    expect(breakTime({ kind: 'time', seconds: 30 }, 60)).toBe(30);
    expect(breakTime({ kind: 'time', seconds: 90 }, 60)).toBe(60);
    expect(breakTime({ kind: 'percent', percent: 25 }, 60)).toBe(15);
    expect(breakTime({ kind: 'position', position: 1 }, 60)).toBeNull();
  });
});

describe('parseVmap over the corpus', () => {
  it('correct-vmap.xml: three breaks, inline VAST, an AdTagURI, break tracking', () => {
    const { vmap } = parseVmap(read('correct-vmap.xml'));
    expect(vmap.version).toBe('1.0');
    expect(vmap.breaks.map((b) => [b.breakId, b.breakTypes, b.timeOffset])).toEqual([
      ['mypre', ['linear'], { kind: 'start' }],
      ['myid', ['linear'], { kind: 'time', seconds: 623.125 }],
      ['mypost', ['linear'], { kind: 'end' }],
    ]);
    const [pre, mid, post] = vmap.breaks;
    expect(pre.adSource).toEqual({ id: '1', allowMultipleAds: true, followRedirects: true, vast: { version: '3.0', ads: [], errors: [] }, adTagUri: null, templateType: '', customData: null });
    expect(pre.tracking).toEqual([
      { event: 'breakStart', url: 'http://server.com/breakstart' },
      { event: 'breakEnd', url: 'http://server.com/breakend' },
      { event: 'breakEnd', url: 'http://server.com/breakend2' },
      { event: 'error', url: 'http://server.com/error?[ERRORCODE]' },
    ]);
    expect(mid.adSource!.vast!.version).toBe('3.0');
    expect(post.adSource).toMatchObject({ id: '3', vast: null, adTagUri: 'http://server.com/vast.xml' });
  });

  it('correct-vmap-with-extension.xml: AdBreak extensions kept raw', () => {
    const { vmap } = parseVmap(read('correct-vmap-with-extension.xml'));
    expect(vmap.breaks).toHaveLength(1);
    const ext = vmap.breaks[0].extensions;
    expect(ext).toHaveLength(2);
    expect(ext[0].content).toMatch(/^Extension value\s*<vmap:Test testAttribute="testAttribute content"/);
    expect(ext[1].content).toMatch(/^Extension2 value/);
  });

  it('rejects the negative samples: a wrong root (1000)', () => {
    expect(codeOf(() => parseVmap(read('incorrect-vmap.xml')))).toBe(1000);
    expect(codeOf(() => parseVmap(read('parsing-example.xml')))).toBe(1000);
  });
});

describe('parseVmap on hand-written documents', () => {
  const vmap = (body: string, version = '1.0') => `<vmap:VMAP xmlns:vmap="http://www.iab.net/videosuite/vmap" version="${version}">${body}</vmap:VMAP>`;

  it('1002 for a document that is not XML, 1001 for another version', () => {
    expect(codeOf(() => parseVmap('<vmap:VMAP>'))).toBe(1002);
    expect(codeOf(() => parseVmap(vmap('', '2.0')))).toBe(1001);
  });

  it('keeps a break with an unreadable offset, with a problem', () => {
    const { vmap: doc, problems } = parseVmap(vmap('<vmap:AdBreak timeOffset="soon" breakType="linear"/>'));
    expect(doc.breaks[0]).toMatchObject({ timeOffsetText: 'soon', timeOffset: null, adSource: null });
    expect(problems.map((p) => p.code)).toEqual(['VMAP_TIME_OFFSET_INVALID']);
  });

  it('reads AdTagURI templateType, CustomAdData, several break types, repeatAfter, an unusable inline VAST', () => {
    const { vmap: doc, problems } = parseVmap(vmap(`
      <vmap:AdBreak timeOffset="#1" breakType="linear,nonlinear" breakId="b1" repeatAfter="00:05:00"><vmap:AdSource id="s"><vmap:AdTagURI templateType="vast3"><![CDATA[ http://ads/vast?x=1&y=2 ]]></vmap:AdTagURI></vmap:AdSource></vmap:AdBreak>
      <vmap:AdBreak timeOffset="50%" breakType="display"><vmap:AdSource><vmap:CustomAdData templateType="custom">payload</vmap:CustomAdData></vmap:AdSource></vmap:AdBreak>
      <vmap:AdBreak timeOffset="end" breakType="linear"><vmap:AdSource><vmap:VASTAdData><VAST version="3.0"><Ad><Foo/></Ad></VAST></vmap:VASTAdData></vmap:AdSource></vmap:AdBreak>`));
    expect(doc.breaks[0]).toMatchObject({ breakId: 'b1', breakTypes: ['linear', 'nonlinear'], timeOffset: { kind: 'position', position: 1 }, repeatAfter: 300,
      adSource: { id: 's', adTagUri: 'http://ads/vast?x=1&y=2', templateType: 'vast3' } });
    expect(doc.breaks[1].adSource).toMatchObject({ customData: 'payload', templateType: 'custom', vast: null, adTagUri: null });
    expect(doc.breaks[2].adSource!.vast).toBeNull();
    expect(problems.map((p) => p.code)).toContain('VMAP_VAST_INVALID');
  });

  it('inline VAST inside VASTAdData is read as VAST (wrappers, pods)', () => {
    const { vmap: doc } = parseVmap(vmap(`<vmap:AdBreak timeOffset="start" breakType="linear"><vmap:AdSource><vmap:VASTAdData>
      <VAST version="4.2"><Ad id="p1" sequence="1"><InLine><Impression>http://i</Impression></InLine></Ad><Ad id="w" sequence="2"><Wrapper><VASTAdTagURI>http://next</VASTAdTagURI></Wrapper></Ad></VAST>
      </vmap:VASTAdData></vmap:AdSource></vmap:AdBreak>`));
    expect(doc.breaks[0].adSource!.vast!.ads.map((a) => [a.id, a.kind, a.sequence])).toEqual([['p1', 'inline', 1], ['w', 'wrapper', 2]]);
  });
});

describe('parseAdResponse', () => {
  it('tells VAST from VMAP by the root element', () => {
    expect(parseAdResponse('<VAST version="4.2"/>')).toMatchObject({ kind: 'vast', vast: { version: '4.2', ads: [] } });
    expect(parseAdResponse(read('correct-vmap.xml'))).toMatchObject({ kind: 'vmap', vmap: { version: '1.0' } });
  });

  it('throws the VAST codes for other roots and broken text', () => {
    expect(codeOf(() => parseAdResponse('<VideoAdServingTemplate/>'))).toBe(102);
    expect(codeOf(() => parseAdResponse('<html/>'))).toBe(100);
    expect(codeOf(() => parseAdResponse('<VAST>'))).toBe(100);
  });
});
