import { describe, expect, it } from 'vitest';
import { decodeXmlEntities } from '../../../src/vast/decodeXmlEntities';

describe('decodeXmlEntities', () => {
  it('returns the same string when there is no &', () => {
    const s = 'http://example.com/a?b=c';
    expect(decodeXmlEntities(s)).toBe(s);
  });

  it('decodes the predefined entities, decimal and hex references and &nbsp; once', () => {
    expect(decodeXmlEntities('a&amp;b&lt;c&gt;d&quot;e&apos;f&#38;g&#x26;h&#X41;i&nbsp;j')).toBe('a&b<c>d"e\'f&g&hAi\u00a0j');
    expect(decodeXmlEntities('&amp;amp;')).toBe('&amp;');
    expect(decodeXmlEntities('&#128512;')).toBe('😀');
  });

  it('keeps a bare &, an unknown name and invalid references as written', () => {
    expect(decodeXmlEntities('http://x/?a=1&b=2&c;&foo;&#;&#xZZ;&#0;&#xD800;&#99999999;')).toBe('http://x/?a=1&b=2&c;&foo;&#;&#xZZ;&#0;&#xD800;&#99999999;');
    expect(decodeXmlEntities('a & b &amp; c')).toBe('a & b & c');
  });
});
