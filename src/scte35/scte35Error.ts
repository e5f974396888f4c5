import { ErrorCode, StitchboxError } from '../errors';

/**
 * What went wrong while reading or writing SCTE-35 bytes. Stable strings: the CLI prints them and tests match
 * on them.
 * - truncated: the input ends before the section (or a field) does.
 * - bad_crc: CRC_32 does not verify (SCTE 35 2023 §9.6.1, ISO/IEC 13818-1 Annex A CRC-32/MPEG-2).
 * - bad_base64 / bad_hex: the text form is not valid base64 / hexadecimal.
 * - bad_table_id: the first byte is not 0xFC (§9.6.1).
 * - reserved_command: splice_command_type is a reserved value (§9.6.1, splice_command_type table).
 * - bad_length: a length field disagrees with its contents (descriptor_length, splice_command_length,
 *   descriptor_loop_length, segmentation_upid_length inside a MID, bytes after the section).
 * - bad_upid_length: a UPID type with a fixed length carries another length (§10.3.3.1, segmentation_upid_type table).
 * - bad_value: the encoder was given a value that does not fit its field (range, missing field).
 */
export type Scte35ErrorKind =
  | 'truncated'
  | 'bad_crc'
  | 'bad_base64'
  | 'bad_hex'
  | 'bad_table_id'
  | 'reserved_command'
  | 'bad_length'
  | 'bad_upid_length'
  | 'bad_value';

export class Scte35Error extends StitchboxError {
  readonly kind: Scte35ErrorKind;
  /** Byte offset in the section (or character offset in the base64/hex text) where it went wrong. */
  readonly offset: number;

  /** `what` says what is wrong; the message adds where: "<what> at byte <offset>". */
  constructor(kind: Scte35ErrorKind, what: string, offset: number, details?: Record<string, unknown>) {
    super(ErrorCode.SCTE35_INVALID, `${what} at byte ${offset}`, { details: { kind, offset, ...details } });
    this.name = 'Scte35Error';
    this.kind = kind;
    this.offset = offset;
  }
}
