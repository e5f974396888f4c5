import { LIMIT_MID_UPID_LENGTH } from '../bitReader';
import type { BitReader } from '../bitReader';
import type { BitWriter } from '../bitWriter';
import type { MidUpid, SegmentationUpid } from '../types';
import { Scte35Error } from '../scte35Error';

/**
 * segmentation_upid() (SCTE 35 2023 §10.3.3.1, segmentation_upid_type table; MPU() §10.3.3.2; MID() §10.3.3.3).
 * One reader per kind of UPID, picked by segmentation_upid_type.
 */

/** Types whose length the table fixes. A different length is an error (the bytes cannot be that identifier). */
const FIXED_LENGTH: { readonly [type: number]: number } = {
  0x02: 8, // ISCI (deprecated)
  0x03: 12, // Ad-ID
  0x04: 32, // UMID (SMPTE 330)
  0x05: 8, // ISAN, deprecated binary form
  0x06: 12, // ISAN / V-ISAN
  0x07: 12, // TID
  0x08: 8, // TI (AiringID)
  0x0a: 12, // EIDR (compact binary form)
  0x10: 16, // UUID (RFC 4122)
};

/** FIXED_LENGTH by type as a table for the decoder (0 = not fixed). */
const FIXED_LENGTH_OF = /* @__PURE__ */ (() => {
  const t = new Uint8Array(256);
  for (const [type, length] of Object.entries(FIXED_LENGTH)) t[Number(type)] = length;
  return t;
})();

/** Types whose value is a character string (1 in the table). */
const TEXT_TYPES = /* @__PURE__ */ (() => {
  const t = new Uint8Array(256);
  for (const type of [0x02, 0x03, 0x07, 0x09, 0x0e, 0x0f]) t[type] = 1;
  return t;
})();

const MPU = 0x0c;
const MID = 0x0d;
const ATSC = 0x0b;

/** `lengthAt` is the byte of segmentation_upid_length, for the error offset. */
export function decodeSegmentationUpid(r: BitReader, type: number, length: number, lengthAt: number): SegmentationUpid {
  const fixed = FIXED_LENGTH_OF[type];
  if (fixed > 0 && length !== fixed) {
    throw new Scte35Error('bad_upid_length', `segmentation_upid_type 0x${type.toString(16).padStart(2, '0')} needs segmentation_upid_length ${fixed}, not ${length}`, lengthAt, { segmentation_upid_type: type, segmentation_upid_length: length });
  }
  if ((type === MPU || type === ATSC) && length < 4) {
    throw new Scte35Error('bad_upid_length', `segmentation_upid_type 0x${type.toString(16).padStart(2, '0')} needs at least 4 bytes, not ${length}`, lengthAt, { segmentation_upid_type: type, segmentation_upid_length: length });
  }
  if (TEXT_TYPES[type] === 1) {
    const start = r.offset;
    const text = r.text(length, 'segmentation_upid');
    r.pos = start * 8;
    return { format: 'text', text, hex: r.hex(length, 'segmentation_upid') };
  }
  if (type === MPU) {
    const format_identifier = r.u32('format_identifier');
    return { format: 'mpu', format_identifier, private_data: r.hex(length - 4, 'private_data') };
  }
  if (type === ATSC) {
    // ATSC A/57B content_identifier_descriptor body: TSID 16, reserved 2, end_of_day 5, unique_for 9, content_id.
    const tsid = r.u16('TSID');
    const reserved = r.reserved(2);
    const end_of_day = r.bits(5, 'end_of_day');
    const unique_for = r.bits(9, 'unique_for');
    const upid: SegmentationUpid = { format: 'atsc', tsid, end_of_day, unique_for, content_id: r.hex(length - 4, 'content_id') };
    if (reserved !== undefined) upid.reserved_after_tsid = reserved;
    return upid;
  }
  if (type === MID) {
    r.narrow(r.offset + length, LIMIT_MID_UPID_LENGTH, length);
    const upids: MidUpid[] = [];
    while (r.left > 0) {
      const t = r.u8('segmentation_upid_type');
      const at = r.offset;
      const n = r.u8('segmentation_upid_length');
      upids.push({ segmentation_upid_type: t, segmentation_upid_length: n, segmentation_upid: decodeSegmentationUpid(r, t, n, at) });
    }
    r.restore();
    return { format: 'mid', upids };
  }
  return { format: 'bytes', hex: r.hex(length, 'segmentation_upid') };
}

/** Writes the UPID bytes (not type or length) and checks the fixed lengths. */
export function encodeSegmentationUpid(w: BitWriter, type: number, upid: SegmentationUpid): void {
  if (upid === null || typeof upid !== 'object') w.invalid('segmentation_upid', 'must be an object with a format');
  const start = w.offset;
  switch (upid.format) {
    case 'text':
      w.text(upid.text, 'segmentation_upid.text');
      if (upid.hex !== undefined && upid.hex.toLowerCase() !== textHex(upid.text)) w.invalid('segmentation_upid.hex', 'does not match segmentation_upid.text');
      break;
    case 'bytes':
      w.hex(upid.hex, 'segmentation_upid.hex');
      break;
    case 'mpu':
      w.bits(upid.format_identifier, 32, 'format_identifier');
      w.hex(upid.private_data, 'private_data');
      break;
    case 'atsc':
      w.bits(upid.tsid, 16, 'tsid');
      w.reserved(2, upid.reserved_after_tsid);
      w.bits(upid.end_of_day, 5, 'end_of_day');
      w.bits(upid.unique_for, 9, 'unique_for');
      w.hex(upid.content_id, 'content_id');
      break;
    case 'mid':
      for (const u of upid.upids) {
        w.bits(u.segmentation_upid_type, 8, 'segmentation_upid_type');
        w.bits(0, 8, 'segmentation_upid_length');
        const at = w.offset;
        encodeSegmentationUpid(w, u.segmentation_upid_type, u.segmentation_upid);
        w.patch(at, w.offset - at, 8, 'segmentation_upid_length');
      }
      break;
    default:
      w.invalid('segmentation_upid.format', `is not one of text, bytes, mpu, mid, atsc`);
  }
  const length = w.offset - start;
  const fixed = FIXED_LENGTH[type];
  if ((fixed !== undefined && length !== fixed) || ((type === MPU || type === ATSC) && length < 4)) {
    throw new Scte35Error('bad_upid_length', `segmentation_upid_type 0x${type.toString(16).padStart(2, '0')} cannot have ${length} bytes`, start, { segmentation_upid_type: type });
  }
}

function textHex(text: string): string {
  let s = '';
  for (let i = 0; i < text.length; i++) s += text.charCodeAt(i).toString(16).padStart(2, '0');
  return s;
}
