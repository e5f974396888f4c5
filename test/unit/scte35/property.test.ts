import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeSpliceInfoSection } from '../../../src/scte35/decode';
import { encodeSpliceInfoSection } from '../../../src/scte35/encode';
import { toHex } from '../../../src/scte35/bytes';
import type { SpliceInfoSection } from '../../../src/scte35/types';
import { descriptor, spliceInfoSection } from './arbitraries';

/** Fields the encoder computes from the contents; the generated values leave them out. */
const COMPUTED = new Set(['section_length', 'descriptor_loop_length', 'descriptor_length', 'segmentation_upid_length', 'crc_32']);

function withoutComputed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComputed);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!COMPUTED.has(k)) out[k] = withoutComputed(v);
  return out;
}

/** splice_command_length is computed too, unless it is the legacy 0xFFF or the section is encrypted. */
function comparable(s: SpliceInfoSection): unknown {
  const out = withoutComputed(s) as Record<string, unknown>;
  if (!s.encrypted_packet && s.splice_command_length !== 0xfff) delete out.splice_command_length;
  return out;
}

describe('decode(encode(v)) == v', () => {
  it('holds for generated sections with every command and descriptor', () => {
    fc.assert(
      fc.property(spliceInfoSection, (v) => {
        const bytes = encodeSpliceInfoSection(v);
        const decoded = decodeSpliceInfoSection(bytes);
        expect(comparable(decoded)).toEqual(v);
        expect(decoded.section_length).toBe(bytes.length - 3);
        expect(toHex(encodeSpliceInfoSection(decoded))).toBe(toHex(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('generates every command, descriptor and UPID form (so the property is not vacuous)', () => {
    const commands = new Set<number>();
    const tags = new Set<string>();
    const upids = new Set<string>();
    let encrypted = 0;
    for (const v of fc.sample(spliceInfoSection, { numRuns: 3000, seed: 35 })) {
      if (v.encrypted_packet) { encrypted++; continue; }
      commands.add(v.splice_command_type);
      for (const d of v.descriptors) {
        tags.add('private_bytes' in d ? 'private' : String(d.splice_descriptor_tag));
        if ('segmentation_upid' in d) upids.add(d.segmentation_upid.format);
      }
    }
    for (const d of fc.sample(descriptor, { numRuns: 2000, seed: 36 })) if ('segmentation_upid' in d) upids.add(d.segmentation_upid.format);
    expect([...commands].sort((a, b) => a - b)).toEqual([0x00, 0x04, 0x05, 0x06, 0x07, 0xff]);
    expect([...tags].sort()).toEqual(['0', '1', '2', '3', '4', 'private']);
    expect([...upids].sort()).toEqual(['atsc', 'bytes', 'mid', 'mpu', 'text']);
    expect(encrypted).toBeGreaterThan(0);
  });
});
