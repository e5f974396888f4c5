import type { BitReader } from '../bitReader';
import type { BitWriter } from '../bitWriter';
import type { DtmfDescriptor } from '../types';
import type { DescriptorHead } from './descriptorHead';

/** DTMF_descriptor() (SCTE 35 2023 §10.3.2): preroll in tenths of a second and up to 7 DTMF characters. */
export function decodeDtmfDescriptor(r: BitReader, head: DescriptorHead): DtmfDescriptor {
  const preroll = r.u8('preroll');
  const count = r.bits(3, 'dtmf_count');
  const reserved = r.reserved(5);
  const d: DtmfDescriptor = { splice_descriptor_tag: 0x01, descriptor_length: head.descriptor_length, identifier: head.identifier, preroll, dtmf_chars: r.text(count, 'DTMF_char') };
  if (reserved !== undefined) d.reserved_after_dtmf_count = reserved;
  return d;
}

export function encodeDtmfDescriptor(w: BitWriter, d: DtmfDescriptor): void {
  w.bits(d.preroll, 8, 'preroll');
  if (typeof d.dtmf_chars !== 'string') w.invalid('dtmf_chars', 'must be a string');
  w.bits(d.dtmf_chars.length, 3, 'dtmf_count (length of dtmf_chars)');
  w.reserved(5, d.reserved_after_dtmf_count);
  w.text(d.dtmf_chars, 'dtmf_chars');
}
