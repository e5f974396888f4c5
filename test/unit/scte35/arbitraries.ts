import fc from 'fast-check';
import { toHex } from '../../../src/scte35/bytes';
import { CUEI } from '../../../src/scte35/types';
import type { SegmentationUpid, SpliceDescriptor, SpliceInfoSection } from '../../../src/scte35/types';

/*
 * fast-check generators of splice_info_section values in the decoder's form, for every command and descriptor
 * of SCTE 35 2023, without the fields the encoder computes (lengths, CRC_32). Values keep within what the
 * syntax can carry (8-bit descriptor_length, 4093-byte section).
 */

const bool = fc.boolean();
const uint = (bits: number): fc.Arbitrary<number> =>
  bits <= 31 ? fc.integer({ min: 0, max: 2 ** bits - 1 }) : fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }).map(Number);
/** A reserved field that is not all 1s (all 1s is the absent key). */
const reserved = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 2 });
const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const hex = (min: number, max: number) => bytes(min, max).map(toHex);
const latin1 = (b: Uint8Array) => String.fromCharCode(...b);

/** `base` plus any subset of the optional keys (absent, never undefined). */
function withOptional<T extends object>(base: fc.Arbitrary<T>, optional: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<T> {
  return fc.tuple(base, fc.record(optional, { requiredKeys: [] })).map(([a, b]) => ({ ...a, ...b }) as T);
}

const spliceTime = fc.oneof(
  withOptional(fc.record({ time_specified_flag: fc.constant(true as const), pts_time: uint(33) }), { reserved_after_time_specified_flag: reserved(6) }),
  withOptional(fc.record({ time_specified_flag: fc.constant(false as const) }), { reserved_after_time_specified_flag: reserved(7) }),
);
const breakDuration = withOptional(fc.record({ auto_return: bool, duration: uint(33) }), { reserved_after_auto_return: reserved(6) });

const spliceInsert = fc.oneof(
  withOptional(fc.record({ splice_event_id: uint(32), splice_event_cancel_indicator: fc.constant(true as const) }), { reserved_after_splice_event_cancel_indicator: reserved(7) }),
  fc.record({ program_splice_flag: bool, splice_immediate_flag: bool, duration_flag: bool }).chain((f) =>
    withOptional(
      fc.record({
        splice_event_id: uint(32),
        splice_event_cancel_indicator: fc.constant(false as const),
        out_of_network_indicator: bool,
        program_splice_flag: fc.constant(f.program_splice_flag),
        duration_flag: fc.constant(f.duration_flag),
        splice_immediate_flag: fc.constant(f.splice_immediate_flag),
        event_id_compliance_flag: bool,
        ...(f.program_splice_flag && !f.splice_immediate_flag ? { splice_time: spliceTime } : {}),
        ...(!f.program_splice_flag
          ? { components: fc.array(f.splice_immediate_flag ? fc.record({ component_tag: uint(8) }) : fc.record({ component_tag: uint(8), splice_time: spliceTime }), { maxLength: 4 }) }
          : {}),
        ...(f.duration_flag ? { break_duration: breakDuration } : {}),
        unique_program_id: uint(16),
        avail_num: uint(8),
        avails_expected: uint(8),
      }),
      { reserved_after_splice_event_cancel_indicator: reserved(7), reserved_after_event_id_compliance_flag: reserved(3) },
    ),
  ),
);

const scheduleEvent = fc.oneof(
  withOptional(fc.record({ splice_event_id: uint(32), splice_event_cancel_indicator: fc.constant(true as const) }), { reserved_after_splice_event_cancel_indicator: reserved(7) }),
  fc.record({ program_splice_flag: bool, duration_flag: bool }).chain((f) =>
    withOptional(
      fc.record({
        splice_event_id: uint(32),
        splice_event_cancel_indicator: fc.constant(false as const),
        out_of_network_indicator: bool,
        program_splice_flag: fc.constant(f.program_splice_flag),
        duration_flag: fc.constant(f.duration_flag),
        ...(f.program_splice_flag ? { utc_splice_time: uint(32) } : {}),
        ...(f.program_splice_flag ? {} : { components: fc.array(fc.record({ component_tag: uint(8), utc_splice_time: uint(32) }), { maxLength: 3 }) }),
        ...(f.duration_flag ? { break_duration: breakDuration } : {}),
        unique_program_id: uint(16),
        avail_num: uint(8),
        avails_expected: uint(8),
      }),
      { reserved_after_splice_event_cancel_indicator: reserved(7), reserved_after_duration_flag: reserved(5) },
    ),
  ),
);

/** [splice_command_type, splice_command] for every command of §9.7. */
const command: fc.Arbitrary<[number, Record<string, unknown>]> = fc.oneof(
  fc.constant<[number, Record<string, unknown>]>([0x00, {}]),
  fc.array(scheduleEvent, { maxLength: 3 }).map((events): [number, Record<string, unknown>] => [0x04, { events }]),
  spliceInsert.map((c): [number, Record<string, unknown>] => [0x05, c]),
  spliceTime.map((splice_time): [number, Record<string, unknown>] => [0x06, { splice_time }]),
  fc.constant<[number, Record<string, unknown>]>([0x07, {}]),
  fc.record({ identifier: uint(32), private_bytes: hex(0, 24) }).map((c): [number, Record<string, unknown>] => [0xff, c]),
);

// ------------------------------------------------------------------ UPIDs (§10.3.3.1)

const FIXED: Record<number, number> = { 0x02: 8, 0x03: 12, 0x04: 32, 0x05: 8, 0x06: 12, 0x07: 12, 0x08: 8, 0x0a: 12, 0x10: 16 };
const TEXT = new Set([0x02, 0x03, 0x07, 0x09, 0x0e, 0x0f]);
const text = (b: Uint8Array): SegmentationUpid => ({ format: 'text', text: latin1(b), hex: toHex(b) });

function upid(type: number, nested: boolean): fc.Arbitrary<SegmentationUpid> {
  const size = FIXED[type];
  const raw = size !== undefined ? bytes(size, size) : bytes(0, 24);
  if (TEXT.has(type)) return raw.map(text);
  if (type === 0x0c) return fc.record({ format: fc.constant('mpu' as const), format_identifier: uint(32), private_data: hex(0, 20) });
  if (type === 0x0b) {
    return withOptional(fc.record({ format: fc.constant('atsc' as const), tsid: uint(16), end_of_day: uint(5), unique_for: uint(9), content_id: hex(0, 16) }), { reserved_after_tsid: reserved(2) });
  }
  if (type === 0x0d && !nested) {
    return fc.array(upidType.chain((t) => upid(t, true).map((u) => ({ segmentation_upid_type: t, segmentation_upid: u }))), { maxLength: 3 }).map((upids) => ({ format: 'mid' as const, upids }));
  }
  if (type === 0x0d) return fc.constant({ format: 'mid' as const, upids: [] });
  return raw.map((b) => ({ format: 'bytes' as const, hex: toHex(b) }));
}

/** Every type of the table, and any byte (reserved types) now and then. */
const upidType = fc.oneof(fc.integer({ min: 0, max: 0x11 }), uint(8));

// ------------------------------------------------------------------ descriptors (§10)

const cuei = { identifier: fc.constant(CUEI) };
const trailing = { trailing_bytes: hex(1, 3) };

const avail = withOptional(fc.record({ splice_descriptor_tag: fc.constant(0 as const), ...cuei, provider_avail_id: uint(32) }), trailing);
const dtmf = withOptional(
  fc.record({ splice_descriptor_tag: fc.constant(1 as const), ...cuei, preroll: uint(8), dtmf_chars: fc.string({ unit: fc.constantFrom(...'0123456789*#'), maxLength: 7 }) }),
  { reserved_after_dtmf_count: reserved(5), ...trailing },
);
const time = withOptional(fc.record({ splice_descriptor_tag: fc.constant(3 as const), ...cuei, tai_seconds: uint(48), tai_ns: uint(32), utc_offset: uint(16) }), trailing);
const audio = withOptional(
  fc.record({
    splice_descriptor_tag: fc.constant(4 as const),
    ...cuei,
    components: fc.array(
      fc.record({ component_tag: uint(8), iso_code: bytes(3, 3).map(latin1), bit_stream_mode: uint(3), num_channels: uint(4), full_srvc_audio: bool }),
      { maxLength: 15 },
    ),
  }),
  { reserved_after_audio_count: reserved(4), ...trailing },
);
const privateDescriptor = fc
  .oneof(fc.record({ splice_descriptor_tag: uint(8), identifier: uint(32).filter((i) => i !== CUEI) }), fc.record({ splice_descriptor_tag: fc.integer({ min: 5, max: 255 }), identifier: fc.constant(CUEI) }))
  .chain((d) => hex(0, 24).map((private_bytes) => ({ ...d, private_bytes })));

const segmentationCancel = withOptional(
  fc.record({ splice_descriptor_tag: fc.constant(2 as const), ...cuei, segmentation_event_id: uint(32), segmentation_event_cancel_indicator: fc.constant(true as const), segmentation_event_id_compliance_indicator: bool }),
  { reserved_after_segmentation_event_id_compliance_indicator: reserved(6), ...trailing },
);
const segmentationActive = fc.record({ psf: bool, sdf: bool, dnr: bool, type: upidType, sub: bool }).chain((f) =>
  withOptional(
    fc.record({
      splice_descriptor_tag: fc.constant(2 as const),
      ...cuei,
      segmentation_event_id: uint(32),
      segmentation_event_cancel_indicator: fc.constant(false as const),
      segmentation_event_id_compliance_indicator: bool,
      program_segmentation_flag: fc.constant(f.psf),
      segmentation_duration_flag: fc.constant(f.sdf),
      delivery_not_restricted_flag: fc.constant(f.dnr),
      ...(f.dnr ? {} : { web_delivery_allowed_flag: bool, no_regional_blackout_flag: bool, archive_allowed_flag: bool, device_restrictions: uint(2) }),
      ...(f.psf ? {} : { components: fc.array(withOptional(fc.record({ component_tag: uint(8), pts_offset: uint(33) }), { reserved_after_component_tag: reserved(7) }), { maxLength: 3 }) }),
      ...(f.sdf ? { segmentation_duration: uint(40) } : {}),
      segmentation_upid_type: fc.constant(f.type),
      segmentation_upid: upid(f.type, false),
      segmentation_type_id: uint(8),
      segment_num: uint(8),
      segments_expected: uint(8),
      // The decoder reads sub-segment fields whenever two bytes are left (descriptor_length decides), so without
      // them at most one unused byte can follow.
      ...(f.sub ? { sub_segment_num: uint(8), sub_segments_expected: uint(8) } : {}),
    }),
    {
      reserved_after_segmentation_event_id_compliance_indicator: reserved(6),
      ...(f.dnr ? { reserved_after_delivery_not_restricted_flag: reserved(5) } : {}),
      trailing_bytes: f.sub ? hex(1, 3) : hex(1, 1),
    },
  ),
);

export const descriptor: fc.Arbitrary<SpliceDescriptor> = fc.oneof(avail, dtmf, segmentationCancel, segmentationActive, time, audio, privateDescriptor) as fc.Arbitrary<SpliceDescriptor>;

// ------------------------------------------------------------------ sections (§9.6)

const header = fc.record({
  table_id: fc.constant(0xfc),
  section_syntax_indicator: bool,
  private_indicator: bool,
  sap_type: uint(2),
  protocol_version: uint(8),
  encryption_algorithm: uint(6),
  pts_adjustment: uint(33),
  cw_index: uint(8),
  tier: uint(12),
});

const clearSection = fc
  .tuple(header, command, fc.array(descriptor, { maxLength: 4 }), bool, hex(0, 3), hex(0, 8))
  .map(([h, [type, cmd], descriptors, legacy, extra, stuffing]) => {
    // Legacy 0xFFF: the decoder finds the end by syntax, so no unused command bytes; a private_command cannot be legacy.
    const isLegacy = legacy && type !== 0xff;
    const splice_command = !isLegacy && type !== 0xff && extra !== '' ? { ...cmd, trailing_bytes: extra } : cmd;
    return {
      ...h,
      encrypted_packet: false,
      ...(isLegacy ? { splice_command_length: 0xfff } : {}),
      splice_command_type: type,
      splice_command,
      descriptors,
      ...(stuffing !== '' ? { alignment_stuffing: stuffing } : {}),
    } as SpliceInfoSection;
  });

const encryptedSection = fc
  .tuple(header, uint(12), hex(7, 40))
  .map(([h, splice_command_length, encrypted_bytes]) => ({ ...h, encrypted_packet: true, splice_command_length, encrypted_bytes }) as SpliceInfoSection);

export const spliceInfoSection: fc.Arbitrary<SpliceInfoSection> = fc.oneof({ weight: 9, arbitrary: clearSection }, { weight: 1, arbitrary: encryptedSection });
