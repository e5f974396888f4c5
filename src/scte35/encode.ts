import { BitWriter } from './bitWriter';
import { crc32Mpeg2 } from './crc32';
import { Scte35Error } from './scte35Error';
import { spliceCommandCodecs } from './spliceCommands';
import type { SpliceCommandCodec } from './spliceCommands';
import { spliceDescriptorCodecs } from './spliceDescriptors';
import type { SpliceDescriptorCodec } from './spliceDescriptors';
import { encodePrivateDescriptor } from './descriptors/privateDescriptor';
import { CUEI } from './types';
import type { SpliceCommandType, SpliceDescriptor, SpliceDescriptorTag, SpliceInfoSection } from './types';

/** Largest section_length a section may have (SCTE 35 2023 §9.6.1). */
const MAX_SECTION_LENGTH = 4093;

/**
 * Encode a splice_info_section (SCTE 35 2023 §9.6). Lengths and CRC_32 are computed from the contents (the
 * values in `section` are ignored), except splice_command_length 0xFFF, the legacy form, which is written as
 * given; alignment_stuffing and unused bytes inside a command or descriptor are written back, so that
 * encode(decode(x)) reproduces x. A value that does not fit its field is a Scte35Error 'bad_value'.
 */
export function encodeSpliceInfoSection(section: SpliceInfoSection): Uint8Array {
  const w: BitWriter = new BitWriter();
  if (section.table_id !== 0xfc) w.invalid('table_id', 'must be 0xfc');
  w.bits(0xfc, 8, 'table_id');
  w.flag(section.section_syntax_indicator, 'section_syntax_indicator');
  w.flag(section.private_indicator, 'private_indicator');
  w.bits(section.sap_type, 2, 'sap_type');
  w.bits(0, 12, 'section_length');
  w.bits(section.protocol_version, 8, 'protocol_version');
  w.flag(section.encrypted_packet, 'encrypted_packet');
  w.bits(section.encryption_algorithm, 6, 'encryption_algorithm');
  w.bits(section.pts_adjustment, 33, 'pts_adjustment');
  w.bits(section.cw_index, 8, 'cw_index');
  w.bits(section.tier, 12, 'tier');
  w.bits(0, 12, 'splice_command_length');

  if (section.encrypted_packet) {
    // §11: splice_command_length is in the clear and cannot be recomputed from encrypted bytes.
    w.patch(13, section.splice_command_length, 12, 'splice_command_length');
    w.hex(section.encrypted_bytes, 'encrypted_bytes');
  } else {
    const type = section.splice_command_type;
    const codec = spliceCommandCodecs[type as SpliceCommandType] as SpliceCommandCodec<SpliceCommandType> | undefined;
    if (codec === undefined) w.invalid('splice_command_type', `${String(type)} is reserved`);
    w.bits(type, 8, 'splice_command_type');
    const start = w.offset;
    const command = section.splice_command;
    if (command === null || typeof command !== 'object') w.invalid('splice_command', 'must be an object');
    codec.encode(w, command);
    const trailing = (command as { trailing_bytes?: string }).trailing_bytes;
    if (trailing !== undefined) w.hex(trailing, 'splice_command.trailing_bytes');
    const legacy = section.splice_command_length === 0xfff;
    w.patch(13, legacy ? 0xfff : w.offset - start, 12, 'splice_command_length');

    w.bits(0, 16, 'descriptor_loop_length');
    const loopStart = w.offset;
    if (!Array.isArray(section.descriptors)) w.invalid('descriptors', 'must be an array');
    for (const d of section.descriptors) writeDescriptor(w, d);
    w.patch(loopStart, w.offset - loopStart, 16, 'descriptor_loop_length');
    if (section.alignment_stuffing !== undefined) w.hex(section.alignment_stuffing, 'alignment_stuffing');
  }

  const sectionLength = w.offset + 4 - 3;
  if (sectionLength > MAX_SECTION_LENGTH) throw new Scte35Error('bad_length', `section_length would be ${sectionLength}, more than ${MAX_SECTION_LENGTH}`, 1);
  w.patch(3, sectionLength, 12, 'section_length');
  w.bits(0, 32, 'CRC_32');
  const out = w.finish();
  const crc = crc32Mpeg2(out, 0, out.length - 4);
  out[out.length - 4] = crc >>> 24;
  out[out.length - 3] = (crc >>> 16) & 0xff;
  out[out.length - 2] = (crc >>> 8) & 0xff;
  out[out.length - 1] = crc & 0xff;
  return out;
}

function writeDescriptor(w: BitWriter, d: SpliceDescriptor): void {
  if (d === null || typeof d !== 'object') w.invalid('descriptor', 'must be an object');
  w.bits(d.splice_descriptor_tag, 8, 'splice_descriptor_tag');
  w.bits(0, 8, 'descriptor_length');
  const start = w.offset;
  if ('private_bytes' in d) {
    w.bits(d.identifier, 32, 'identifier');
    encodePrivateDescriptor(w, d);
  } else {
    const codec = spliceDescriptorCodecs[d.splice_descriptor_tag as SpliceDescriptorTag] as SpliceDescriptorCodec<SpliceDescriptorTag> | undefined;
    if (codec === undefined) w.invalid('splice_descriptor_tag', `${String(d.splice_descriptor_tag)} is not a CUEI descriptor (give private_bytes for others)`);
    // A known descriptor under another identifier would decode as a private one.
    if (d.identifier !== undefined && d.identifier !== CUEI) w.invalid('identifier', `of a ${codec.name} must be CUEI (0x43554549)`);
    w.bits(CUEI, 32, 'identifier');
    codec.encode(w, d);
    if (d.trailing_bytes !== undefined) w.hex(d.trailing_bytes, 'descriptor trailing_bytes');
  }
  w.patch(start, w.offset - start, 8, 'descriptor_length');
}
