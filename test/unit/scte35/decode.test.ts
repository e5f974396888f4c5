import { describe, expect, it } from 'vitest';
import { decodeSpliceInfoSection } from '../../../src/scte35/decode';
import { encodeSpliceInfoSection } from '../../../src/scte35/encode';
import { crc32Mpeg2 } from '../../../src/scte35/crc32';
import { fromHex, toHex } from '../../../src/scte35/bytes';
import { Scte35Error } from '../../../src/scte35/scte35Error';
import type { ClearSpliceInfoSection, SpliceInfoSection } from '../../../src/scte35/types';

/*
 * Sections written by hand from the syntax tables of SCTE 35 2023 (§9.6, §9.7, §10), for the commands and
 * descriptors the corpus has no vector for, and for each kind of malformed input. They are assembled here, not by
 * the encoder, so that a mistake shared by decoder and encoder cannot hide.
 */

/** Hex of a whole section with "LLL" in place of section_length's 12 bits; appends CRC_32 and fills the length. */
function section(hex: string): Uint8Array {
  const b = fromHex(`${hex.replace(/\s+/g, '').replace('3LLL', '3000')}00000000`);
  const length = b.length - 3;
  b[1] = (b[1] & 0xf0) | (length >> 8);
  b[2] = length & 0xff;
  const crc = crc32Mpeg2(b, 0, b.length - 4);
  b.set([crc >>> 24, (crc >>> 16) & 255, (crc >>> 8) & 255, crc & 255], b.length - 4);
  return b;
}

/** Header up to splice_command_length: protocol 0, clear, pts_adjustment 0, cw_index 0xFF, tier 0xFFF. */
const head = (commandLength: string) => `fc 3LLL 00 00 00000000 ff fff ${commandLength}`;

function decodeClear(b: Uint8Array): ClearSpliceInfoSection {
  const s = decodeSpliceInfoSection(b);
  expect(s.encrypted_packet).toBe(false);
  expect(toHex(encodeSpliceInfoSection(s)), 'encodes back to the same bytes').toBe(toHex(b));
  return s as ClearSpliceInfoSection;
}

function failure(b: Uint8Array): Scte35Error {
  try {
    decodeSpliceInfoSection(b);
  } catch (e) {
    if (e instanceof Scte35Error) return e;
    throw e;
  }
  throw new Error('decoded without error');
}

describe('commands without a corpus vector', () => {
  it('splice_schedule: program, cancelled and component events (§9.7.2)', () => {
    const cmd = [
      '03', // splice_count
      '00000001 7f ff 5f5e1000 fe002932e0 1234 01 02', // program splice at a UTC time, 30 s auto-return break
      '00000002 ff', // cancelled
      '00000003 7f 1f 02 21 5f5e1001 22 5f5e1002 0000 00 00', // two components
    ].join('');
    const s = decodeClear(section(`${head('02e')} 04 ${cmd} 0000`));
    expect(s.splice_command_type).toBe(4);
    expect(s.splice_command).toEqual({
      events: [
        { splice_event_id: 1, splice_event_cancel_indicator: false, out_of_network_indicator: true, program_splice_flag: true, duration_flag: true, utc_splice_time: 0x5f5e1000, break_duration: { auto_return: true, duration: 2700000 }, unique_program_id: 0x1234, avail_num: 1, avails_expected: 2 },
        { splice_event_id: 2, splice_event_cancel_indicator: true },
        { splice_event_id: 3, splice_event_cancel_indicator: false, out_of_network_indicator: false, program_splice_flag: false, duration_flag: false, components: [{ component_tag: 0x21, utc_splice_time: 0x5f5e1001 }, { component_tag: 0x22, utc_splice_time: 0x5f5e1002 }], unique_program_id: 0, avail_num: 0, avails_expected: 0 },
      ],
    });
  });

  it('splice_insert in component mode, the largest 33-bit pts_time and a component without time (§9.7.3)', () => {
    const s = decodeClear(section(`${head('013')} 05 00000010 7f 8f 02 01 ffffffffff 02 7f 0001 00 00 0000`));
    expect(s.splice_command).toEqual({
      splice_event_id: 16,
      splice_event_cancel_indicator: false,
      out_of_network_indicator: true,
      program_splice_flag: false,
      duration_flag: false,
      splice_immediate_flag: false,
      event_id_compliance_flag: true,
      components: [
        { component_tag: 1, splice_time: { time_specified_flag: true, pts_time: 2 ** 33 - 1 } },
        { component_tag: 2, splice_time: { time_specified_flag: false } },
      ],
      unique_program_id: 1,
      avail_num: 0,
      avails_expected: 0,
    });
  });

  it('splice_insert cancel: nothing after the cancel indicator', () => {
    const s = decodeClear(section(`${head('005')} 05 00000011 ff 0000`));
    expect(s.splice_command).toEqual({ splice_event_id: 17, splice_event_cancel_indicator: true });
  });

  it('bandwidth_reservation with an avail_descriptor (§9.7.5, §10.3.1)', () => {
    const s = decodeClear(section(`${head('000')} 07 000a 00 08 43554549 00000135`));
    expect(s.splice_command_type).toBe(7);
    expect(s.splice_command).toEqual({});
    expect(s.descriptors).toEqual([{ splice_descriptor_tag: 0, descriptor_length: 8, identifier: 0x43554549, provider_avail_id: 309 }]);
  });

  it('private_command: identifier and the bytes up to splice_command_length (§9.7.6)', () => {
    const s = decodeClear(section(`${head('007')} ff 53415053 010203 0000`));
    expect(s.splice_command).toEqual({ identifier: 0x53415053, private_bytes: '010203' });
  });

  it('an encrypted section is reported, not decrypted (§11)', () => {
    // encrypted_packet 1, encryption_algorithm 1 (DES ECB), pts_adjustment 0, cw_index 7.
    const b = section('fc 3LLL 00 82 00000000 07 fff 005 0123456789abcdef0123456789abcdef');
    const s = decodeSpliceInfoSection(b);
    expect(s).toMatchObject({ encrypted_packet: true, encryption_algorithm: 1, cw_index: 7, splice_command_length: 5, encrypted_bytes: '0123456789abcdef0123456789abcdef' });
    expect(s).not.toHaveProperty('splice_command');
    expect(toHex(encodeSpliceInfoSection(s))).toBe(toHex(b));
  });
});

describe('descriptors without a corpus vector', () => {
  it('time_descriptor with the largest 48-bit TAI_seconds (§10.3.4)', () => {
    const s = decodeClear(section(`${head('005')} 06 fe00000000 0012 03 10 43554549 ffffffffffff 3b9ac9ff 0025`));
    expect(s.descriptors).toEqual([{ splice_descriptor_tag: 3, descriptor_length: 16, identifier: 0x43554549, tai_seconds: 2 ** 48 - 1, tai_ns: 999999999, utc_offset: 37 }]);
  });

  it('audio_descriptor with two components (§10.3.5)', () => {
    const s = decodeClear(section(`${head('005')} 06 fe00000000 0011 04 0f 43554549 2f 01 656e67 05 02 737061 4a`));
    expect(s.descriptors[0]).toEqual({
      splice_descriptor_tag: 4,
      descriptor_length: 15,
      identifier: 0x43554549,
      components: [
        { component_tag: 1, iso_code: 'eng', bit_stream_mode: 0, num_channels: 2, full_srvc_audio: true },
        { component_tag: 2, iso_code: 'spa', bit_stream_mode: 2, num_channels: 5, full_srvc_audio: false },
      ],
    });
  });

  it('DTMF_descriptor whose reserved bits are 0 keeps them (§10.3.2)', () => {
    const s = decodeClear(section(`${head('005')} 06 fe00000000 000a 01 08 43554549 32 40 2a23`));
    expect(s.descriptors[0]).toEqual({ splice_descriptor_tag: 1, descriptor_length: 8, identifier: 0x43554549, preroll: 50, reserved_after_dtmf_count: 0, dtmf_chars: '*#' });
  });

  it('segmentation_descriptor: cancelled, with the compliance indicator 0 (§10.3.3)', () => {
    const s = decodeClear(section(`${head('005')} 06 fe00000000 000b 02 09 43554549 0000abcd bf`));
    expect(s.descriptors[0]).toEqual({ splice_descriptor_tag: 2, descriptor_length: 9, identifier: 0x43554549, segmentation_event_id: 0xabcd, segmentation_event_cancel_indicator: true, segmentation_event_id_compliance_indicator: false });
  });

  it('segmentation_descriptor: component mode, delivery restrictions, 40-bit duration, UUID, sub-segments', () => {
    const body = '00000005 7f 55 01 07 fe00015f90 ffffffffff 10 10 00112233445566778899aabbccddeeff 34 01 02 03 04';
    const s = decodeClear(section(`${head('005')} 06 fe00000000 002f 02 2d 43554549 ${body}`));
    expect(s.descriptors[0]).toEqual({
      splice_descriptor_tag: 2,
      descriptor_length: 45,
      identifier: 0x43554549,
      segmentation_event_id: 5,
      segmentation_event_cancel_indicator: false,
      segmentation_event_id_compliance_indicator: true,
      program_segmentation_flag: false,
      segmentation_duration_flag: true,
      delivery_not_restricted_flag: false,
      web_delivery_allowed_flag: true,
      no_regional_blackout_flag: false,
      archive_allowed_flag: true,
      device_restrictions: 1,
      components: [{ component_tag: 7, pts_offset: 90000 }],
      segmentation_duration: 2 ** 40 - 1,
      segmentation_upid_type: 0x10,
      segmentation_upid_length: 16,
      segmentation_upid: { format: 'bytes', hex: '00112233445566778899aabbccddeeff' },
      segmentation_type_id: 0x34,
      segment_num: 1,
      segments_expected: 2,
      sub_segment_num: 3,
      sub_segments_expected: 4,
    });
  });

  it('keeps a reserved CUEI tag and a non-CUEI descriptor as bytes (§10.2)', () => {
    const s = decodeClear(section(`${head('005')} 06 fe00000000 000f 05 06 43554549 abcd f0 05 53415053 0b`));
    expect(s.descriptors).toEqual([
      { splice_descriptor_tag: 5, descriptor_length: 6, identifier: 0x43554549, private_bytes: 'abcd' },
      { splice_descriptor_tag: 0xf0, descriptor_length: 5, identifier: 0x53415053, private_bytes: '0b' },
    ]);
  });

  it('keeps bytes a descriptor or command does not use inside its declared length', () => {
    const s = decodeClear(section(`${head('007')} 06 fe00000000 beef 000c 00 0a 43554549 00000135 0102 cafe`));
    expect(s.splice_command).toEqual({ splice_time: { time_specified_flag: true, pts_time: 0 }, trailing_bytes: 'beef' });
    expect(s.descriptors[0]).toMatchObject({ provider_avail_id: 309, trailing_bytes: '0102' });
    expect(s.alignment_stuffing).toBe('cafe');
  });

  it('reads a text UPID byte for byte (ISO-8859-1), so any byte value survives', () => {
    const s = decodeClear(section(`${head('005')} 06 fe00000000 0014 02 12 43554549 00000001 7f bf 0e 03 41fc30 34 00 00`));
    expect(s.descriptors[0]).toMatchObject({ segmentation_upid: { format: 'text', text: 'A\u00fc0', hex: '41fc30' } });
  });
});

describe('malformed input: a typed error with the byte offset', () => {
  const cases: [string, () => Uint8Array, string, number][] = [
    ['reserved splice_command_type', () => section(`${head('000')} 01 0000`), 'reserved_command', 13],
    ['table_id other than 0xFC', () => { const b = section(`${head('000')} 00 0000`); b[0] = 0xfd; return b; }, 'bad_table_id', 0],
    ['input shorter than section_length', () => section(`${head('005')} 06 fe00000000 0000`).subarray(0, 20), 'truncated', 20],
    ['fewer than 3 bytes', () => fromHex('fc30'), 'truncated', 2],
    ['section_length below the fixed fields', () => fromHex('fc30100000000000000000fff0000000000000'), 'bad_length', 1],
    ['CRC_32 that does not verify', () => { const b = section(`${head('000')} 00 0000`); b[b.length - 1] ^= 1; return b; }, 'bad_crc', 16],
    ['bytes after the section that are not 0xFF stuffing', () => Uint8Array.from([...section(`${head('000')} 00 0000`), 0xff, 0x00]), 'bad_length', 20],
    ['private_command whose splice_command_length runs past the section', () => section(`${head('0ff')} ff 53415053 0000`), 'bad_length', 11],
    ['descriptor_loop_length past the section', () => section(`${head('005')} 06 fe00000000 0040 00 08 43554549 00000135`), 'bad_length', 19],
    ['descriptor_length past descriptor_loop_length', () => section(`${head('005')} 06 fe00000000 000a 00 10 43554549 00000135`), 'bad_length', 22],
    ['descriptor_length too short for its fields', () => section(`${head('005')} 06 fe00000000 0008 00 06 43554549 0001`), 'bad_length', 27],
    ['descriptor_length too short for the identifier', () => section(`${head('005')} 06 fe00000000 0004 00 02 4355`), 'bad_length', 23],
    ['private_command with the legacy length 0xFFF', () => section(`${head('fff')} ff 53415053 0000`), 'bad_length', 11],
    ['MPU UPID shorter than its format_identifier', () => section(`${head('005')} 06 fe00000000 0014 02 12 43554549 00000001 7f bf 0c 03 414243 01 00 00`), 'bad_upid_length', 34],
    ['MID entry running past the MID', () => section(`${head('005')} 06 fe00000000 0014 02 12 43554549 00000001 7f bf 0d 03 09 05 41 01 00 00`), 'bad_length', 37],
    ['Ad-ID UPID of the wrong length', () => section(`${head('005')} 06 fe00000000 0013 02 11 43554549 00000001 7f bf 03 02 4142 10 00 00`), 'bad_upid_length', 34],
  ];
  for (const [what, bytes, kind, offset] of cases) {
    it(what, () => {
      const e = failure(bytes());
      expect({ kind: e.kind, offset: e.offset }).toEqual({ kind, offset });
      expect(e.message).toMatch(new RegExp(`at byte ${offset}$`));
    });
  }

  it('names the pointer_field when a section is given with it', () => {
    expect(failure(fromHex('00fc3011')).message).toMatch(/pointer_field/);
  });

  it('says which declared length a nested structure overran', () => {
    expect(failure(section(`${head('005')} 06 fe00000000 0008 00 06 43554549 0001`)).message).toMatch(/descriptor_length 6 of the descriptor at byte 21 ends before provider_avail_id/);
  });

  it('accepts 0xFF transport stuffing after the section', () => {
    const b = section(`${head('000')} 00 0000`);
    expect(decodeSpliceInfoSection(Uint8Array.from([...b, 0xff, 0xff, 0xff]))).toEqual(decodeSpliceInfoSection(b));
  });
});

describe('tolerated legacy forms', () => {
  it('reads a command by its syntax when splice_command_length is 0xFFF', () => {
    const s = decodeClear(section(`${head('fff')} 06 fe00000001 0000`));
    expect(s.splice_command_length).toBe(0xfff);
    expect(s.splice_command).toEqual({ splice_time: { time_specified_flag: true, pts_time: 1 } });
  });

  it('reads by syntax, with a problem, when splice_command_length runs past the section', () => {
    const s = decodeSpliceInfoSection(section(`${head('0ff')} 00 0000`)) as ClearSpliceInfoSection;
    expect(s).toMatchObject({ splice_command_type: 0, splice_command: {}, descriptors: [] });
    expect(s.problems?.map((p) => p.code)).toEqual(['splice_command_length']);
  });

  it('reads by syntax, with a problem, when splice_command_length disagrees with the command', () => {
    const s: SpliceInfoSection = decodeSpliceInfoSection(section(`${head('003')} 06 fe00000001 0000`));
    expect(s).toMatchObject({ splice_command_length: 3, splice_command: { splice_time: { pts_time: 1 } }, descriptors: [] });
    expect((s as ClearSpliceInfoSection).problems).toEqual([{ code: 'splice_command_length', message: expect.stringMatching(/time_signal/), offset: 11 }]);
  });

  it('reads sub-segment fields when the descriptor has room for them, and not otherwise', () => {
    const without = decodeClear(section(`${head('005')} 06 fe00000000 0011 02 0f 43554549 00000001 7f bf 00 00 34 00 00`));
    expect(without.descriptors[0]).not.toHaveProperty('sub_segment_num');
    const oneByte = decodeClear(section(`${head('005')} 06 fe00000000 0012 02 10 43554549 00000001 7f bf 00 00 34 00 00 09`));
    expect(oneByte.descriptors[0]).toMatchObject({ trailing_bytes: '09' });
    expect(oneByte.descriptors[0]).not.toHaveProperty('sub_segment_num');
  });
});
