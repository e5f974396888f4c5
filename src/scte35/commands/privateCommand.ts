import type { BitReader } from '../bitReader';
import type { BitWriter } from '../bitWriter';
import type { PrivateCommand } from '../types';

/**
 * private_command() (SCTE 35 2023 §9.7.6): a 32-bit identifier (a registered format_identifier) and private
 * bytes up to the end of splice_command_length. The caller narrows the reader to that end.
 */
export function decodePrivateCommand(r: BitReader): PrivateCommand {
  const identifier = r.u32('identifier');
  return { identifier, private_bytes: r.hex(r.left, 'private_byte') };
}

export function encodePrivateCommand(w: BitWriter, c: PrivateCommand): void {
  w.bits(c.identifier, 32, 'identifier');
  w.hex(c.private_bytes, 'private_bytes');
}
