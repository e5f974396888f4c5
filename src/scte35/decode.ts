import { BitReader, LIMIT_DESCRIPTOR_LENGTH, LIMIT_DESCRIPTOR_LOOP_LENGTH, LIMIT_SECTION_LENGTH, LIMIT_SPLICE_COMMAND_LENGTH } from './bitReader';
import { crc32Mpeg2 } from './crc32';
import { Scte35Error } from './scte35Error';
import { spliceCommandCodecs } from './spliceCommands';
import { spliceDescriptorCodecs } from './spliceDescriptors';
import { decodePrivateDescriptor } from './descriptors/privateDescriptor';
import { CUEI } from './types';
import type { ClearSpliceInfoSection, SpliceCommandType, SpliceDescriptor, SpliceDescriptorTag, SpliceInfoSection } from './types';
import type { Problem } from '../errors';

type SectionHeaderFields = Omit<ClearSpliceInfoSection, 'encrypted_packet' | 'splice_command_type' | 'splice_command' | 'descriptors'> & { splice_command_length: number };

/**
 * Decode one splice_info_section (ANSI/SCTE 35 2023 §9.6). Strict where the bytes cannot be trusted (table_id,
 * section_length, CRC_32, lengths that disagree with their contents, reserved commands: a typed Scte35Error with
 * the byte offset) and tolerant of the legacy forms real encoders send (splice_command_length 0xFFF, missing
 * sub-segment fields, alignment stuffing, unknown descriptors, unused bytes inside a declared length, reserved
 * bits that are not 1s, 0xFF transport-stream stuffing after the section), which are kept so that the encoder
 * reproduces the input. A splice_command_length that contradicts its command is read past by syntax and
 * reported in `problems`.
 */
export function decodeSpliceInfoSection(bytes: Uint8Array): SpliceInfoSection {
  return readSection(bytes, true);
}

/**
 * The same without the CRC_32 check, for inputs known to carry a wrong CRC (some test suites and broken
 * encoders). Everything else is checked as above.
 */
export function decodeSpliceInfoSectionIgnoringCrc(bytes: Uint8Array): SpliceInfoSection {
  return readSection(bytes, false);
}

const READER = /* @__PURE__ */ new BitReader(new Uint8Array(0));

/** Fixed part: table_id through splice_command_type (14 bytes), descriptor_loop_length (2), CRC_32 (4). */
const MIN_SECTION_LENGTH = 17;

function readSection(bytes: Uint8Array, checkCrc: boolean): SpliceInfoSection {
  const n = bytes.length;
  if (n < 3) throw new Scte35Error('truncated', `truncated: the input has ${n} bytes, a splice_info_section has at least 20`, n);
  if (bytes[0] !== 0xfc) {
    const hint = bytes[0] === 0x00 && bytes[1] === 0xfc ? ' (a leading 0x00 looks like an MPEG-TS pointer_field: drop it)' : '';
    throw new Scte35Error('bad_table_id', `table_id is 0x${bytes[0].toString(16).padStart(2, '0')}, not 0xfc${hint}`, 0);
  }
  const section_length = ((bytes[1] & 0x0f) << 8) | bytes[2];
  const total = 3 + section_length;
  if (total > n) throw new Scte35Error('truncated', `truncated: section_length ${section_length} needs ${total} bytes, the input has ${n}`, n);
  if (section_length < MIN_SECTION_LENGTH) throw new Scte35Error('bad_length', `section_length ${section_length} is shorter than the fixed fields (${MIN_SECTION_LENGTH})`, 1);
  for (let i = total; i < n; i++) {
    // A section in a transport packet is followed by 0xFF stuffing (ISO/IEC 13818-1 §2.4.4); anything else is not ours.
    if (bytes[i] !== 0xff) throw new Scte35Error('bad_length', `${n - total} bytes after the end of the section (section_length ${section_length})`, total);
  }
  const crcAt = total - 4;
  const crc_32 = bytes[crcAt] * 0x1000000 + ((bytes[crcAt + 1] << 16) | (bytes[crcAt + 2] << 8) | bytes[crcAt + 3]);
  if (checkCrc && crc32Mpeg2(bytes, 0, total) !== 0) {
    const computed = crc32Mpeg2(bytes, 0, crcAt);
    throw new Scte35Error('bad_crc', `CRC_32 mismatch: the section carries 0x${hex8(crc_32)}, its bytes give 0x${hex8(computed)}`, crcAt, { crc_32, computed });
  }

  // The fixed header (bytes 3 to 12) lies inside any section_length >= 17: read it straight from the bytes.
  const encrypted_packet = (bytes[4] & 0x80) !== 0;
  // One reader for every section: decoding is synchronous and starts it over, so nothing carries across calls.
  const r = READER;
  r.init(bytes, 13, crcAt);
  r.reset(crcAt, LIMIT_SECTION_LENGTH, section_length);
  if (encrypted_packet) {
    // §11: splice_command_type through E_CRC_32 are encrypted; reported as carried, not decrypted.
    const h = {
      table_id: 0xfc,
      section_syntax_indicator: (bytes[1] & 0x80) !== 0,
      private_indicator: (bytes[1] & 0x40) !== 0,
      sap_type: (bytes[1] >> 4) & 0x03,
      section_length,
      protocol_version: bytes[3],
      encrypted_packet,
      encryption_algorithm: (bytes[4] >> 1) & 0x3f,
      pts_adjustment: ptsAdjustment(bytes),
      cw_index: bytes[9],
      tier: (bytes[10] << 4) | (bytes[11] >> 4),
      splice_command_length: ((bytes[11] & 0x0f) << 8) | bytes[12],
    } as SectionHeaderFields & { encrypted_packet: true; encrypted_bytes: string; crc_32: number };
    h.encrypted_bytes = r.hex(r.left, 'encrypted bytes');
    h.crc_32 = crc_32;
    return h;
  }
  const splice_command_length = ((bytes[11] & 0x0f) << 8) | bytes[12];

  const typeAt = r.offset;
  const type = r.u8('splice_command_type');
  if (spliceCommandCodecs[type as SpliceCommandType] === undefined) {
    throw new Scte35Error('reserved_command', `splice_command_type 0x${type.toString(16).padStart(2, '0')} is reserved`, typeAt, { splice_command_type: type });
  }
  const body = r.pos;
  try {
    return readClear(r, type, splice_command_length === 0xfff, crc_32);
  } catch (e) {
    // Some encoders write a splice_command_length that disagrees with the command (a splice_null "of 1 byte"):
    // when the declared length does not work and the command's own syntax does, read it as the legacy 0xFFF form
    // and say so (style.md: parsers tolerate and report). The encoder writes the right length back.
    if (!(e instanceof Scte35Error) || e.kind !== 'bad_length' || splice_command_length === 0xfff || type === 0xff) throw e;
    r.pos = body;
    r.reset(crcAt, LIMIT_SECTION_LENGTH, section_length);
    let section: ClearSpliceInfoSection;
    try {
      section = readClear(r, type, true, crc_32);
    } catch {
      throw e;
    }
    const problem: Problem = {
      code: 'splice_command_length',
      message: `splice_command_length ${splice_command_length} disagrees with the ${spliceCommandCodecs[type as SpliceCommandType].name} that follows; read by its syntax`,
      offset: 11,
    };
    section.problems = [problem];
    return section;
  }
}

/** From splice_command() to the end of the descriptors and stuffing (the reader is at splice_command()). */
function readClear(r: BitReader, type: number, bySyntax: boolean, crc_32: number): ClearSpliceInfoSection {
  const bytes = r.bytes;
  const splice_command_length = ((bytes[11] & 0x0f) << 8) | bytes[12];
  const codec = spliceCommandCodecs[type as SpliceCommandType];
  let splice_command;
  if (bySyntax) {
    // Legacy 0xFFF: the length is not given (§9.6.1); the command's own syntax says where it ends.
    if (type === 0xff) throw new Scte35Error('bad_length', `private_command with splice_command_length 0xFFF: its end cannot be known`, 11);
    splice_command = codec.decode(r);
  } else {
    const length = splice_command_length;
    const end = r.offset + length;
    if (end > r.end) throw new Scte35Error('bad_length', `splice_command_length ${length} runs past the section`, 11);
    r.narrow(end, LIMIT_SPLICE_COMMAND_LENGTH, length);
    splice_command = codec.decode(r);
    if (r.left > 0) (splice_command as { trailing_bytes?: string }).trailing_bytes = r.hex(r.left, 'splice command bytes');
    r.restore();
  }

  const loopAt = r.offset;
  const descriptor_loop_length = r.u16('descriptor_loop_length');
  const loopEnd = r.offset + descriptor_loop_length;
  if (loopEnd > r.end) throw new Scte35Error('bad_length', `descriptor_loop_length ${descriptor_loop_length} runs past the section`, loopAt);
  r.narrow(loopEnd, LIMIT_DESCRIPTOR_LOOP_LENGTH, descriptor_loop_length);
  const descriptors: SpliceDescriptor[] = [];
  while (r.left > 0) descriptors.push(readDescriptor(r, loopEnd));
  r.restore();

  // One literal in key order: object spread is several times slower here (a live playlist refresh decodes many).
  const section = {
    table_id: 0xfc,
    section_syntax_indicator: (bytes[1] & 0x80) !== 0,
    private_indicator: (bytes[1] & 0x40) !== 0,
    sap_type: (bytes[1] >> 4) & 0x03,
    section_length: ((bytes[1] & 0x0f) << 8) | bytes[2],
    protocol_version: bytes[3],
    encrypted_packet: false,
    encryption_algorithm: (bytes[4] >> 1) & 0x3f,
    pts_adjustment: ptsAdjustment(bytes),
    cw_index: bytes[9],
    tier: (bytes[10] << 4) | (bytes[11] >> 4),
    splice_command_length,
    splice_command_type: type,
    splice_command,
    descriptor_loop_length,
    descriptors,
  } as ClearSpliceInfoSection;
  if (r.left > 0) section.alignment_stuffing = r.hex(r.left, 'alignment_stuffing');
  section.crc_32 = crc_32;
  return section;
}

/** One splice_descriptor() (§10.2): tag, length, identifier, then the body picked by tag for identifier CUEI. */
function readDescriptor(r: BitReader, loopEnd: number): SpliceDescriptor {
  const at = r.offset;
  const tag = r.u8('splice_descriptor_tag');
  const descriptor_length = r.u8('descriptor_length');
  const end = r.offset + descriptor_length;
  if (end > loopEnd) throw new Scte35Error('bad_length', `descriptor_length ${descriptor_length} of the descriptor at byte ${at} runs past descriptor_loop_length`, at + 1);
  r.narrow(end, LIMIT_DESCRIPTOR_LENGTH, descriptor_length, at);
  const identifier = r.u32('identifier');
  // One head object for every descriptor: the codecs copy its two fields and never keep it.
  const head = HEAD;
  head.descriptor_length = descriptor_length;
  head.identifier = identifier;
  const codec = identifier === CUEI ? spliceDescriptorCodecs[tag as SpliceDescriptorTag] : undefined;
  let d: SpliceDescriptor;
  if (codec === undefined) {
    d = decodePrivateDescriptor(r, tag, head);
  } else {
    d = codec.decode(r, head);
    if (r.left > 0) (d as { trailing_bytes?: string }).trailing_bytes = r.hex(r.left, 'descriptor bytes');
  }
  r.restore();
  return d;
}

/** pts_adjustment: the low bit of byte 4 and bytes 5 to 8 (33 bits). */
function ptsAdjustment(bytes: Uint8Array): number {
  return (bytes[4] & 1) * 0x100000000 + bytes[5] * 0x1000000 + ((bytes[6] << 16) | (bytes[7] << 8) | bytes[8]);
}

const HEAD = { descriptor_length: 0, identifier: 0 };

function hex8(v: number): string {
  return v.toString(16).padStart(8, '0');
}
