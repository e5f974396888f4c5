import type { BitReader } from '../bitReader';
import type { BitWriter } from '../bitWriter';
import type { TimeDescriptor } from '../types';
import type { DescriptorHead } from './descriptorHead';

/** time_descriptor() (SCTE 35 2023 §10.3.4): 48-bit TAI_seconds, 32-bit TAI_ns, 16-bit UTC_offset. */
export function decodeTimeDescriptor(r: BitReader, head: DescriptorHead): TimeDescriptor {
  const tai_seconds = r.bits(48, 'TAI_seconds');
  const tai_ns = r.u32('TAI_ns');
  return { splice_descriptor_tag: 0x03, descriptor_length: head.descriptor_length, identifier: head.identifier, tai_seconds, tai_ns, utc_offset: r.u16('UTC_offset') };
}

export function encodeTimeDescriptor(w: BitWriter, d: TimeDescriptor): void {
  w.bits(d.tai_seconds, 48, 'tai_seconds');
  w.bits(d.tai_ns, 32, 'tai_ns');
  w.bits(d.utc_offset, 16, 'utc_offset');
}
