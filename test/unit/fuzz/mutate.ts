/**
 * Hostile-input arbitraries shared by the fuzz targets (issue 9 item 2): a valid-looking seed (corpus file or
 * generated text) with a few mutations on top — truncation, character flips, hostile tokens (huge numbers,
 * NaN/Infinity, negative and exponent forms, CR/CRLF, BOM, NUL, astral and combining unicode), duplicated,
 * deleted and swapped lines — plus raw strings. Inputs stay bounded (a few mutations of a bounded seed), so a
 * case that hangs would be the code's loop, not the input's size.
 */
import fc from 'fast-check';

export const HOSTILE_TOKENS = [
  '', '0', '-0', '-1', '1e309', '-1e309', '9007199254740993', '99999999999999999999999999', '1.7976931348623157e308',
  'NaN', 'Infinity', '-Infinity', '0x7fffffff', '0xFFF', '1e-400', '.', '..', ',', '"', '""', '=', ':', '#', '<', '>', '&', '&amp;', '&#0;',
  ']]>', '<!--', '-->', '<?xml', '\r', '\n', '\r\n', '\uFEFF', '\0', '\u2028', '😀', 'e\u0301', '\uD800', 'PT', 'P1Y', 'PT-5S', 'PT1e9S',
  '%', '%00', '../', '//evil.test/x', 'javascript:alert(1)', '__proto__', 'constructor', ' '.repeat(40), 'A'.repeat(300),
] as const;

type Mutation =
  | { op: 'truncate'; at: number }
  | { op: 'flip'; at: number; ch: number }
  | { op: 'insert'; at: number; token: string }
  | { op: 'replaceNumber'; nth: number; token: string }
  | { op: 'dupLine'; line: number }
  | { op: 'dropLine'; line: number }
  | { op: 'swapLines'; a: number; b: number }
  | { op: 'crlf' }
  | { op: 'bom' };

const token = fc.oneof(fc.constantFrom(...HOSTILE_TOKENS), fc.string({ maxLength: 8, unit: 'binary' }));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), ch: fc.nat(0xffff) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), token }),
  fc.record({ op: fc.constant('replaceNumber' as const), nth: fc.nat(), token }),
  fc.record({ op: fc.constant('dupLine' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('dropLine' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
  fc.constant({ op: 'crlf' as const }),
  fc.constant({ op: 'bom' as const }),
);

function apply(text: string, m: Mutation): string {
  const lines = () => text.split('\n');
  switch (m.op) {
    case 'truncate': return text.slice(0, Math.floor(m.at * text.length));
    case 'flip': {
      if (!text.length) return String.fromCharCode(m.ch);
      const i = m.at % text.length;
      return text.slice(0, i) + String.fromCharCode(m.ch) + text.slice(i + 1);
    }
    case 'insert': { const i = m.at % (text.length + 1); return text.slice(0, i) + m.token + text.slice(i); }
    case 'replaceNumber': {
      const nums = [...text.matchAll(/-?\d+(\.\d+)?/g)];
      if (!nums.length) return text;
      const n = nums[m.nth % nums.length];
      return text.slice(0, n.index) + m.token + text.slice(n.index + n[0].length);
    }
    case 'dupLine': { const l = lines(); const i = m.line % l.length; l.splice(i, 0, l[i]); return l.join('\n'); }
    case 'dropLine': { const l = lines(); l.splice(m.line % l.length, 1); return l.join('\n'); }
    case 'swapLines': { const l = lines(); const a = m.a % l.length; const b = m.b % l.length; [l[a], l[b]] = [l[b], l[a]]; return l.join('\n'); }
    case 'crlf': return text.replace(/\n/g, '\r\n');
    case 'bom': return '\uFEFF' + text;
  }
}

/** A seed with 0..maxMutations mutations applied, in order. */
export function mutated(seed: fc.Arbitrary<string>, maxMutations = 4): fc.Arbitrary<string> {
  return fc.tuple(seed, fc.array(mutation, { maxLength: maxMutations })).map(([s, ms]) => ms.reduce(apply, s));
}

/** Raw strings: printable, unicode and binary, short enough to stay quick. */
export const rawText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.string({ maxLength: 200, unit: 'binary' }),
  fc.array(fc.constantFrom(...HOSTILE_TOKENS), { maxLength: 30 }).map((a) => a.join('')),
);

/** A hostile text: mostly mutated seeds, sometimes raw. */
export function hostile(seed: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof({ weight: 8, arbitrary: mutated(seed) }, { weight: 1, arbitrary: rawText });
}

/** Deeply nested XML of `depth` elements (parsers that recurse must not overflow the stack uncaught). */
export function nestedXml(root: string, depth: number): string {
  return `<${root}>` + '<a>'.repeat(depth) + 'x' + '</a>'.repeat(depth) + `</${root}>`;
}
