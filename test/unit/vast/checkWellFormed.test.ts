import { XMLValidator } from 'fast-xml-parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWellFormed, lineOf } from '../../../src/vast/checkWellFormed';

const ok = (xml: string) => checkWellFormed(xml).ok;

describe('checkWellFormed', () => {
  it('accepts documents with a declaration, comments, CDATA, processing instructions and a DOCTYPE', () => {
    expect(checkWellFormed('\uFEFF<?xml version="1.0"?>\n<!-- c --><!DOCTYPE VAST [<!ENTITY x "y">]><VAST version="4.2"><Ad id=\'1\'><![CDATA[<not a tag>]]><?pi x?><E a = "1" b="&amp;"/></Ad></VAST>\n')).toEqual({ ok: true, prefixed: false, roots: 1 });
  });

  it('says whether an element name has a namespace prefix (attributes do not count)', () => {
    expect(checkWellFormed('<v:VAST xmlns:v="u"><v:Ad/></v:VAST>')).toMatchObject({ ok: true, prefixed: true });
    expect(checkWellFormed('<VAST xmlns:xsi="u" xsi:noNamespaceSchemaLocation="vast.xsd"/>')).toMatchObject({ ok: true, prefixed: false });
  });

  it('counts top-level elements instead of refusing several', () => {
    expect(checkWellFormed('<a/><b></b>')).toMatchObject({ ok: true, roots: 2 });
  });

  it('tolerates a bare & in text (ad servers put raw URLs outside CDATA)', () => {
    expect(ok('<Impression>http://x/?a=1&b=2</Impression>')).toBe(true);
  });

  const bad: [string, string, RegExp][] = [
    ['empty text', '', /no element/],
    ['plain text', 'not xml at all', /text before the root/],
    ['mismatched end tag', '<VAST version="4.0"><Ad></VAST>', /<\/VAST> where <\/Ad> was expected/],
    ['truncated document', '<VAST><Ad id="1"><InLine><AdTitle>x', /<AdTitle> is not closed/],
    ['end tag without start', '<VAST></VAST></Ad>', /without a start tag/],
    ['text after the root', '<VAST/>trailing', /text after the root/],
    ['unquoted attribute', '<VAST version=4.0/>', /without quotes/],
    ['attribute without value', '<VAST checked/>', /without a value/],
    ['unterminated attribute', '<VAST version="4.0/>', /unterminated attribute value/],
    ['< in an attribute', '<VAST a="<"/>', /'<' in an attribute value/],
    ['unterminated comment', '<VAST><!-- x </VAST>', /unterminated comment/],
    ['unterminated CDATA', '<VAST><![CDATA[ x </VAST>', /unterminated CDATA/],
    ['a space after <', '<VAST>< Ad/></VAST>', /not followed by a name/],
    ['end tag not closed', '<VAST></VAST', /not closed by '>'/],
  ];
  for (const [name, xml, message] of bad) {
    it(`rejects ${name}`, () => {
      const r = checkWellFormed(xml);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(message);
    });
  }

  it('gives the line of a failure', () => {
    const xml = '<VAST>\n  <Ad>\n  </VAST>';
    const r = checkWellFormed(xml);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(lineOf(xml, r.offset)).toBe(3);
  });

  it('agrees with fast-xml-parser\'s validator on generated element trees and their truncations', () => {
    const name = fc.constantFrom('VAST', 'Ad', 'InLine', 'v:Ad', 'Tracking');
    const text = fc.constantFrom('', 'x', ' http://a/?b=1&amp;c ', '<![CDATA[a<b]]>', '<!-- c -->');
    const tree: fc.Arbitrary<string> = fc.letrec((tie) => ({
      node: fc.tuple(name, fc.array(fc.oneof(text, tie('node') as fc.Arbitrary<string>), { maxLength: 3 }), fc.boolean())
        .map(([n, kids, attr]) => `<${n}${attr ? ' id="1"' : ''}>${kids.join('')}</${n}>`),
    })).node;
    fc.assert(fc.property(tree, fc.nat(), (xml, cut) => {
      expect(ok(xml)).toBe(true);
      const truncated = xml.slice(0, cut % xml.length);
      expect(ok(truncated)).toBe(XMLValidator.validate(truncated) === true);
    }), { numRuns: 400 });
  });
});
