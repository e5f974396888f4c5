import { describe, expect, it } from 'vitest';
import { encodeSpliceInfoSection } from '../../../src/scte35/encode';
import { decodeSpliceInfoSection } from '../../../src/scte35/decode';
import { toBase64 } from '../../../src/scte35/bytes';
import { Scte35Error } from '../../../src/scte35/scte35Error';
import { CUEI } from '../../../src/scte35/types';
import type { ClearSpliceInfoSection, SegmentationDescriptor, SpliceInfoSection } from '../../../src/scte35/types';

const header = {
  table_id: 0xfc,
  section_syntax_indicator: false,
  private_indicator: false,
  sap_type: 3,
  protocol_version: 0,
  encrypted_packet: false,
  encryption_algorithm: 0,
  pts_adjustment: 0,
  cw_index: 0xff,
  tier: 0xfff,
} as const;

/** SCTE 35 sample 14.1 (time_signal, Provider Placement Opportunity Start), written as a live simulator would. */
const sample141: ClearSpliceInfoSection = {
  ...header,
  splice_command_type: 6,
  splice_command: { splice_time: { time_specified_flag: true, pts_time: 1924989008 } },
  descriptors: [
    {
      splice_descriptor_tag: 2,
      identifier: CUEI,
      segmentation_event_id: 0x4800008e,
      segmentation_event_cancel_indicator: false,
      program_segmentation_flag: true,
      segmentation_duration_flag: true,
      delivery_not_restricted_flag: false,
      web_delivery_allowed_flag: false,
      no_regional_blackout_flag: true,
      archive_allowed_flag: true,
      device_restrictions: 3,
      segmentation_duration: 27630000,
      segmentation_upid_type: 8,
      segmentation_upid: { format: 'bytes', hex: '000000002ca0a18a' },
      segmentation_type_id: 0x34,
      segment_num: 2,
      segments_expected: 0,
    },
  ],
};

function failure(section: unknown): { kind: string; message: string } {
  try {
    encodeSpliceInfoSection(section as SpliceInfoSection);
  } catch (e) {
    if (e instanceof Scte35Error) return { kind: e.kind, message: e.message };
    throw e;
  }
  throw new Error('encoded without error');
}

function withDescriptor(patch: Record<string, unknown>): unknown {
  return { ...sample141, descriptors: [{ ...sample141.descriptors[0], ...patch }] };
}

describe('encodeSpliceInfoSection', () => {
  it('writes SCTE 35 sample 14.1 from its values, lengths and CRC_32 computed', () => {
    expect(toBase64(encodeSpliceInfoSection(sample141))).toBe('/DA0AAAAAAAA///wBQb+cr0AUAAeAhxDVUVJSAAAjn/PAAGlmbAICAAAAAAsoKGKNAIAmsnRfg==');
  });

  it('writes SCTE 35 sample 14.2 (splice_insert with break_duration and avail_descriptor)', () => {
    const s: ClearSpliceInfoSection = {
      ...header,
      splice_command_type: 5,
      splice_command: {
        splice_event_id: 0x4800008f,
        splice_event_cancel_indicator: false,
        out_of_network_indicator: true,
        program_splice_flag: true,
        duration_flag: true,
        splice_immediate_flag: false,
        splice_time: { time_specified_flag: true, pts_time: 1936310318 },
        break_duration: { auto_return: true, duration: 5426421 },
        unique_program_id: 0,
        avail_num: 0,
        avails_expected: 0,
      },
      descriptors: [{ splice_descriptor_tag: 0, identifier: CUEI, provider_avail_id: 309 }],
    };
    expect(toBase64(encodeSpliceInfoSection(s))).toBe('/DAvAAAAAAAA///wFAVIAACPf+/+c2nALv4AUsz1AAAAAAAKAAhDVUVJAAABNWLbowo=');
  });

  it('recomputes stale lengths after an edit', () => {
    const decoded = decodeSpliceInfoSection(encodeSpliceInfoSection(sample141)) as ClearSpliceInfoSection;
    const d = decoded.descriptors[0] as Extract<SegmentationDescriptor, { segmentation_event_cancel_indicator: false }>;
    const edited = { ...decoded, descriptors: [{ ...d, segmentation_duration_flag: false, segmentation_duration: undefined }] };
    const again = decodeSpliceInfoSection(encodeSpliceInfoSection(edited)) as ClearSpliceInfoSection;
    expect(again.section_length).toBe((decoded.section_length ?? 0) - 5);
    expect(again.descriptors[0]).toMatchObject({ descriptor_length: 23, segmentation_duration_flag: false });
    expect(again.descriptors[0]).not.toHaveProperty('segmentation_duration');
  });

  it('writes a text UPID and checks its hex when given', () => {
    const s = withDescriptor({ segmentation_upid_type: 0x0e, segmentation_upid: { format: 'text', text: 'ADS' } });
    const d = (decodeSpliceInfoSection(encodeSpliceInfoSection(s as SpliceInfoSection)) as ClearSpliceInfoSection).descriptors[0];
    expect(d).toMatchObject({ segmentation_upid_length: 3, segmentation_upid: { format: 'text', text: 'ADS', hex: '414453' } });
    expect(failure(withDescriptor({ segmentation_upid_type: 0x0e, segmentation_upid: { format: 'text', text: 'ADS', hex: '414454' } })).kind).toBe('bad_value');
  });

  it('refuses values that do not fit their fields, naming the field', () => {
    const cases: [unknown, string, RegExp][] = [
      [{ ...sample141, splice_command: { splice_time: { time_specified_flag: true, pts_time: 2 ** 33 } } }, 'bad_value', /pts_time/],
      [{ ...sample141, splice_command: { splice_time: { time_specified_flag: true, pts_time: 1.5 } } }, 'bad_value', /pts_time/],
      [{ ...sample141, splice_command: { splice_time: { time_specified_flag: true } } }, 'bad_value', /pts_time is required/],
      [{ ...sample141, pts_adjustment: -1 }, 'bad_value', /pts_adjustment/],
      [{ ...sample141, table_id: 0xfd }, 'bad_value', /table_id/],
      [{ ...sample141, splice_command_type: 1 }, 'bad_value', /splice_command_type/],
      [withDescriptor({ segmentation_duration: undefined }), 'bad_value', /segmentation_duration is required/],
      [withDescriptor({ web_delivery_allowed_flag: undefined }), 'bad_value', /web_delivery_allowed_flag/],
      [withDescriptor({ identifier: 0x53415053 }), 'bad_value', /CUEI/],
      [withDescriptor({ segmentation_upid: { format: 'bytes', hex: '00' } }), 'bad_upid_length', /0x08 cannot have 1 bytes/],
      [withDescriptor({ segmentation_upid_type: 0x0e, segmentation_upid: { format: 'text', text: '\u20ac' } }), 'bad_value', /U\+00FF/],
      [withDescriptor({ segmentation_upid: { format: 'bytes', hex: 'zz' } }), 'bad_hex', /bad hex/],
      [withDescriptor({ segmentation_upid_type: 0x0e, segmentation_upid: { format: 'text', text: 'x'.repeat(250) } }), 'bad_value', /descriptor_length/],
      [{ ...sample141, descriptors: [{ splice_descriptor_tag: 0xf0, identifier: 1, private_bytes: '00'.repeat(200) }].concat(Array(20).fill({ splice_descriptor_tag: 0xf0, identifier: 1, private_bytes: '00'.repeat(200) })) }, 'bad_length', /section_length/],
      [{ ...header, encrypted_packet: true, encrypted_bytes: '00' }, 'bad_value', /splice_command_length/],
    ];
    for (const [section, kind, message] of cases) {
      const e = failure(section);
      expect(e.kind, e.message).toBe(kind);
      expect(e.message).toMatch(message);
    }
  });

  it('writes the legacy splice_command_length 0xFFF when asked to', () => {
    const legacy = decodeSpliceInfoSection(encodeSpliceInfoSection({ ...sample141, splice_command_length: 0xfff }));
    expect(legacy.splice_command_length).toBe(0xfff);
    expect(decodeSpliceInfoSection(encodeSpliceInfoSection({ ...sample141, splice_command_length: 77 })).splice_command_length).toBe(5);
  });
});
