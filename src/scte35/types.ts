/**
 * The decoded splice_info_section (ANSI/SCTE 35 2023 §9.6, §9.7, §10). Keys are the syntax element names of the
 * spec in snake_case (DESIGN.md "The command line"). Times are 90 kHz ticks as integers (33 bits < 2^53). Byte
 * fields are lowercase hex strings without prefix.
 *
 * Length fields (`section_length`, `splice_command_length`, `descriptor_loop_length`, `descriptor_length`,
 * `segmentation_upid_length`) and `crc_32` are filled in by the decoder and recomputed by the encoder, so they
 * are optional here; the one exception is `splice_command_length: 0xFFF`, the legacy "unknown length" value
 * (§9.6.1), which the encoder writes back as given. Counts (component_count, splice_count, dtmf_count,
 * audio_count) are the lengths of the arrays that follow them and are not repeated.
 *
 * Reserved bits should be 1s (§9.6). Where an input carries something else, the decoder keeps the value as
 * `reserved_after_<field before them>` (absent when all 1s) so that encode(decode(x)) reproduces x; the encoder
 * writes 1s when the key is absent.
 */

import type { Problem } from '../errors';

/** The splice_descriptor identifier "CUEI" (§10.2) that marks the descriptors this spec defines. */
export const CUEI = 0x43554549;

/** splice_command_type values (§9.6.1, splice_command_type table). */
export const SpliceCommandType = {
  splice_null: 0x00,
  splice_schedule: 0x04,
  splice_insert: 0x05,
  time_signal: 0x06,
  bandwidth_reservation: 0x07,
  private_command: 0xff,
} as const;
export type SpliceCommandType = (typeof SpliceCommandType)[keyof typeof SpliceCommandType];

/** splice_descriptor_tag values for identifier CUEI (§10.1, splice_descriptor_tag table). */
export const SpliceDescriptorTag = {
  avail_descriptor: 0x00,
  DTMF_descriptor: 0x01,
  segmentation_descriptor: 0x02,
  time_descriptor: 0x03,
  audio_descriptor: 0x04,
} as const;
export type SpliceDescriptorTag = (typeof SpliceDescriptorTag)[keyof typeof SpliceDescriptorTag];

/** segmentation_upid_type values (§10.3.3.1, segmentation_upid_type table). */
export const SegmentationUpidType = {
  not_used: 0x00,
  user_defined: 0x01,
  ISCI: 0x02,
  Ad_ID: 0x03,
  UMID: 0x04,
  ISAN_deprecated: 0x05,
  ISAN: 0x06,
  TID: 0x07,
  TI: 0x08,
  ADI: 0x09,
  EIDR: 0x0a,
  ATSC_content_identifier: 0x0b,
  MPU: 0x0c,
  MID: 0x0d,
  ADS_information: 0x0e,
  URI: 0x0f,
  UUID: 0x10,
  SCR: 0x11,
} as const;

// ---------------------------------------------------------------- splice_time, break_duration (§9.8)

/** splice_time() (§9.8.1). */
export type SpliceTime =
  | { time_specified_flag: true; reserved_after_time_specified_flag?: number; pts_time: number }
  | { time_specified_flag: false; reserved_after_time_specified_flag?: number };

/** break_duration() (§9.8.2). */
export interface BreakDuration {
  auto_return: boolean;
  reserved_after_auto_return?: number;
  duration: number;
}

// ---------------------------------------------------------------- commands (§9.7)

/** Bytes inside a declared length (splice_command_length, descriptor_length) that the syntax does not use. */
interface Trailing {
  trailing_bytes?: string;
}

/** splice_null() (§9.7.1). */
export interface SpliceNull extends Trailing {}

/** bandwidth_reservation() (§9.7.5). */
export interface BandwidthReservation extends Trailing {}

/** time_signal() (§9.7.4). */
export interface TimeSignal extends Trailing {
  splice_time: SpliceTime;
}

/** private_command() (§9.7.6): everything after the identifier up to splice_command_length. */
export interface PrivateCommand {
  identifier: number;
  private_bytes: string;
}

/** One component of a splice_insert in component splice mode (§9.7.3). */
export interface SpliceInsertComponent {
  component_tag: number;
  /** Present unless splice_immediate_flag. */
  splice_time?: SpliceTime;
}

interface SpliceEventFields {
  out_of_network_indicator: boolean;
  program_splice_flag: boolean;
  duration_flag: boolean;
  /** Present when duration_flag. */
  break_duration?: BreakDuration;
  unique_program_id: number;
  avail_num: number;
  avails_expected: number;
}

/** splice_insert() (§9.7.3). */
export type SpliceInsert =
  | ({ splice_event_id: number; splice_event_cancel_indicator: true; reserved_after_splice_event_cancel_indicator?: number } & Trailing)
  | ({
      splice_event_id: number;
      splice_event_cancel_indicator: false;
      reserved_after_splice_event_cancel_indicator?: number;
      splice_immediate_flag: boolean;
      /** SCTE 35 2022+: 1 when splice_event_id follows the uniqueness rules (a reserved 1 before); absent = 1. */
      event_id_compliance_flag?: boolean;
      reserved_after_event_id_compliance_flag?: number;
      /** Present when program_splice_flag and not splice_immediate_flag. */
      splice_time?: SpliceTime;
      /** Present when not program_splice_flag. */
      components?: SpliceInsertComponent[];
    } & SpliceEventFields &
      Trailing);

/** One component of a splice_schedule event (§9.7.2). */
export interface SpliceScheduleComponent {
  component_tag: number;
  utc_splice_time: number;
}

/** One event of splice_schedule() (§9.7.2). */
export type SpliceScheduleEvent =
  | { splice_event_id: number; splice_event_cancel_indicator: true; reserved_after_splice_event_cancel_indicator?: number }
  | ({
      splice_event_id: number;
      splice_event_cancel_indicator: false;
      reserved_after_splice_event_cancel_indicator?: number;
      reserved_after_duration_flag?: number;
      /** Present when program_splice_flag (seconds since 1980-01-06T00:00:00Z, GPS epoch). */
      utc_splice_time?: number;
      /** Present when not program_splice_flag. */
      components?: SpliceScheduleComponent[];
    } & SpliceEventFields);

/** splice_schedule() (§9.7.2). */
export interface SpliceSchedule extends Trailing {
  events: SpliceScheduleEvent[];
}

// ---------------------------------------------------------------- descriptors (§10)

interface DescriptorFields {
  descriptor_length?: number;
  identifier: number;
}

/** avail_descriptor() (§10.3.1). */
export interface AvailDescriptor extends DescriptorFields, Trailing {
  splice_descriptor_tag: 0x00;
  provider_avail_id: number;
}

/** DTMF_descriptor() (§10.3.2). */
export interface DtmfDescriptor extends DescriptorFields, Trailing {
  splice_descriptor_tag: 0x01;
  preroll: number;
  reserved_after_dtmf_count?: number;
  /** The DTMF_char bytes as text ("121#"). */
  dtmf_chars: string;
}

/** A component of a segmentation_descriptor in component mode (§10.3.3). */
export interface SegmentationComponent {
  component_tag: number;
  reserved_after_component_tag?: number;
  pts_offset: number;
}

/**
 * segmentation_upid() (§10.3.3.1, segmentation_upid_type table), by how its bytes are read:
 * - text: types whose value is a character string (ISCI, Ad-ID, TID, ADI, ADS information, URI, SCR), one
 *   character per byte (ISO-8859-1, so any byte survives); `hex` is the raw bytes.
 * - bytes: everything else that is opaque bytes (user defined, UMID, ISAN, TI, EIDR, UUID, reserved types).
 * - mpu: MPU() — format_identifier (a 32-bit registration code) and private_data.
 * - mid: MID() — several UPIDs, each with its own type and length.
 * - atsc: ATSC A/57B content_identifier (TSID, end_of_day, unique_for, content_id).
 */
export type SegmentationUpid =
  | { format: 'text'; text: string; hex?: string }
  | { format: 'bytes'; hex: string }
  | { format: 'mpu'; format_identifier: number; private_data: string }
  | { format: 'mid'; upids: MidUpid[] }
  | { format: 'atsc'; tsid: number; reserved_after_tsid?: number; end_of_day: number; unique_for: number; content_id: string };

/** One UPID inside a MID (§10.3.3.3). */
export interface MidUpid {
  segmentation_upid_type: number;
  segmentation_upid_length?: number;
  segmentation_upid: SegmentationUpid;
}

interface SegmentationFields {
  program_segmentation_flag: boolean;
  segmentation_duration_flag: boolean;
  delivery_not_restricted_flag: boolean;
  /** When delivery_not_restricted_flag is 1, the 5 bits of the restriction fields are reserved. */
  reserved_after_delivery_not_restricted_flag?: number;
  /** The four delivery restriction fields are present when delivery_not_restricted_flag is 0. */
  web_delivery_allowed_flag?: boolean;
  no_regional_blackout_flag?: boolean;
  archive_allowed_flag?: boolean;
  device_restrictions?: number;
  /** Present when not program_segmentation_flag. */
  components?: SegmentationComponent[];
  /** 40-bit duration in ticks, present when segmentation_duration_flag. */
  segmentation_duration?: number;
  segmentation_upid_type: number;
  segmentation_upid_length?: number;
  segmentation_upid: SegmentationUpid;
  segmentation_type_id: number;
  segment_num: number;
  segments_expected: number;
  /**
   * Present when the descriptor carries them: the 2016+ syntax has them for the placement-opportunity and
   * ad-block start types; older encoders omit them and some add them to other types, so descriptor_length decides.
   */
  sub_segment_num?: number;
  sub_segments_expected?: number;
}

/** segmentation_descriptor() (§10.3.3). */
export type SegmentationDescriptor = DescriptorFields &
  Trailing & {
    splice_descriptor_tag: 0x02;
    segmentation_event_id: number;
    /** SCTE 35 2022+: 1 when segmentation_event_id follows the uniqueness rules (a reserved 1 before); absent = 1. */
    segmentation_event_id_compliance_indicator?: boolean;
    reserved_after_segmentation_event_id_compliance_indicator?: number;
  } & ({ segmentation_event_cancel_indicator: true } | ({ segmentation_event_cancel_indicator: false } & SegmentationFields));

/** time_descriptor() (§10.3.4): TAI time of the splice. */
export interface TimeDescriptor extends DescriptorFields, Trailing {
  splice_descriptor_tag: 0x03;
  tai_seconds: number;
  tai_ns: number;
  utc_offset: number;
}

/** One audio component of an audio_descriptor (§10.3.5). */
export interface AudioComponent {
  component_tag: number;
  /** ISO 639-2 language code, 3 characters. */
  iso_code: string;
  bit_stream_mode: number;
  num_channels: number;
  full_srvc_audio: boolean;
}

/** audio_descriptor() (§10.3.5). */
export interface AudioDescriptor extends DescriptorFields, Trailing {
  splice_descriptor_tag: 0x04;
  reserved_after_audio_count?: number;
  components: AudioComponent[];
}

/**
 * A descriptor this decoder does not interpret: another identifier than CUEI (its tags are private, §10.2), or
 * a reserved CUEI tag. Its bytes after the identifier are kept as they are. Tell it apart with
 * `'private_bytes' in d` (the known descriptors have no such key).
 */
export interface PrivateDescriptor extends DescriptorFields {
  splice_descriptor_tag: number;
  private_bytes: string;
}

export type SpliceDescriptor =
  | AvailDescriptor
  | DtmfDescriptor
  | SegmentationDescriptor
  | TimeDescriptor
  | AudioDescriptor
  | PrivateDescriptor;

// ---------------------------------------------------------------- splice_info_section (§9.6)

/** Header fields of splice_info_section() before the (possibly encrypted) command (§9.6.1). */
interface SectionHeader {
  table_id: number;
  section_syntax_indicator: boolean;
  private_indicator: boolean;
  sap_type: number;
  section_length?: number;
  protocol_version: number;
  encryption_algorithm: number;
  pts_adjustment: number;
  cw_index: number;
  tier: number;
  /** Recomputed by the encoder unless 0xFFF (legacy: length not given, §9.6.1). */
  splice_command_length?: number;
  crc_32?: number;
}

export type SpliceCommand =
  | { splice_command_type: 0x00; splice_command: SpliceNull }
  | { splice_command_type: 0x04; splice_command: SpliceSchedule }
  | { splice_command_type: 0x05; splice_command: SpliceInsert }
  | { splice_command_type: 0x06; splice_command: TimeSignal }
  | { splice_command_type: 0x07; splice_command: BandwidthReservation }
  | { splice_command_type: 0xff; splice_command: PrivateCommand };

/** A section in the clear: command and descriptors decoded. */
export type ClearSpliceInfoSection = SectionHeader &
  SpliceCommand & {
    encrypted_packet: false;
    descriptor_loop_length?: number;
    descriptors: SpliceDescriptor[];
    /** alignment_stuffing bytes between the descriptor loop and CRC_32 (§9.6.1), when there are any. */
    alignment_stuffing?: string;
    /** What the decoder tolerated (a splice_command_length that disagrees with its command). Not encoded. */
    problems?: Problem[];
  };

/**
 * An encrypted section (§11): reported, not decrypted. `encrypted_bytes` runs from splice_command_type through
 * E_CRC_32, as carried.
 */
export type EncryptedSpliceInfoSection = SectionHeader & {
  encrypted_packet: true;
  splice_command_length: number;
  encrypted_bytes: string;
};

export type SpliceInfoSection = ClearSpliceInfoSection | EncryptedSpliceInfoSection;
