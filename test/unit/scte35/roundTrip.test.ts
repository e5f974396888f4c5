import { describe, expect, it } from 'vitest';
import { decodeSpliceInfoSection } from '../../../src/scte35/decode';
import { encodeSpliceInfoSection } from '../../../src/scte35/encode';
import { toHex } from '../../../src/scte35/bytes';
import type { ClearSpliceInfoSection } from '../../../src/scte35/types';
import { sectionBytes, vector, vectors } from './corpus';

/** The vectors that decode (strictly): the encoder must give their bytes back. */
const valid = vectors.filter((v) => {
  try {
    decodeSpliceInfoSection(sectionBytes(v));
    return true;
  } catch {
    return false;
  }
});

/** Byte length of the section itself: 3 + section_length (what follows is transport-stream stuffing). */
const sectionLength = (b: Uint8Array) => 3 + (((b[1] & 0x0f) << 8) | b[2]);

describe('encode(decode(x)) == x for every valid vector', () => {
  it('finds the valid vectors (all positive ones but four, plus one the source rejects)', () => {
    // Positive vectors that do not decode strictly: gots-basic-time-signal (truncated), two gots byte literals
    // with a wrong CRC_32; robg-error-invalid_avail_descriptor_should_throw decodes (see vectors.test.ts).
    expect(valid.length).toBe(79 - 3 + 1);
  });

  for (const v of valid) {
    it(v.id, () => {
      const bytes = sectionBytes(v);
      const section = decodeSpliceInfoSection(bytes);
      const again = encodeSpliceInfoSection(section);
      if ((section as ClearSpliceInfoSection).problems) {
        // splice_command_length disagreed with its command (gots splice_null "of 1 byte"): the encoder writes the
        // true length (and so a new CRC_32); everything else is byte for byte the same and decodes the same.
        expect(again.length).toBe(sectionLength(bytes));
        const diff = [...again].flatMap((b, i) => (b === bytes[i] ? [] : [i]));
        expect(diff.every((i) => i === 11 || i === 12 || i >= again.length - 4)).toBe(true);
        const { problems: _p, splice_command_length: _l, crc_32: _c, ...rest } = section as ClearSpliceInfoSection;
        expect(decodeSpliceInfoSection(again)).toMatchObject({ ...rest, splice_command_length: 0 });
        return;
      }
      // robg-dtmf_withAlignmentStuffing carries 0xFF transport stuffing after the section: not part of it.
      expect(toHex(again)).toBe(toHex(bytes.subarray(0, sectionLength(bytes))));
    });
  }

  it('keeps the legacy splice_command_length 0xFFF, alignment stuffing and odd reserved bits', () => {
    const legacy = decodeSpliceInfoSection(sectionBytes(vector('comcast-go-legacy-splice-command-length-0xfff')));
    expect(legacy.splice_command_length).toBe(0xfff);
    const stuffed = decodeSpliceInfoSection(sectionBytes(vector('comcast-go-encode-spliceinsert-program-out-point-with-3-bytes-alignment-stuffing')));
    expect((stuffed as ClearSpliceInfoSection).alignment_stuffing).toBe('de99c8');
    // Delivery-restriction bits written although delivery_not_restricted_flag is 1 (0b10111, not 0b11111).
    const reserved = decodeSpliceInfoSection(sectionBytes(vector('comcast-js-pts-adjustment-33bit-2'))) as ClearSpliceInfoSection;
    expect(reserved.descriptors[0]).toMatchObject({ delivery_not_restricted_flag: true, reserved_after_delivery_not_restricted_flag: 0b10111 });
  });
});
