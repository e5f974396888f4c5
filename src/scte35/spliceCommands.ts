import type { BitReader } from './bitReader';
import type { BitWriter } from './bitWriter';
import type { SpliceCommand, SpliceCommandType } from './types';
import { decodeSpliceNull, encodeSpliceNull } from './commands/spliceNull';
import { decodeSpliceSchedule, encodeSpliceSchedule } from './commands/spliceSchedule';
import { decodeSpliceInsert, encodeSpliceInsert } from './commands/spliceInsert';
import { decodeTimeSignal, encodeTimeSignal } from './commands/timeSignal';
import { decodeBandwidthReservation, encodeBandwidthReservation } from './commands/bandwidthReservation';
import { decodePrivateCommand, encodePrivateCommand } from './commands/privateCommand';

export type CommandOf<T extends SpliceCommandType> = Extract<SpliceCommand, { splice_command_type: T }>['splice_command'];

export interface SpliceCommandCodec<T extends SpliceCommandType> {
  name: string;
  decode(r: BitReader): CommandOf<T>;
  encode(w: BitWriter, command: CommandOf<T>): void;
}

/**
 * One codec per splice_command_type (SCTE 35 2023 §9.6.1, splice_command_type table), picked by type id
 * (style.md: threefive). Types not in this table are reserved.
 */
export const spliceCommandCodecs: { readonly [T in SpliceCommandType]: SpliceCommandCodec<T> } = {
  0x00: { name: 'splice_null', decode: decodeSpliceNull, encode: encodeSpliceNull },
  0x04: { name: 'splice_schedule', decode: decodeSpliceSchedule, encode: encodeSpliceSchedule },
  0x05: { name: 'splice_insert', decode: decodeSpliceInsert, encode: encodeSpliceInsert },
  0x06: { name: 'time_signal', decode: decodeTimeSignal, encode: encodeTimeSignal },
  0x07: { name: 'bandwidth_reservation', decode: decodeBandwidthReservation, encode: encodeBandwidthReservation },
  0xff: { name: 'private_command', decode: decodePrivateCommand, encode: encodePrivateCommand },
};
