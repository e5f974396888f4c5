import type { BitReader } from '../bitReader';
import type { BitWriter } from '../bitWriter';
import type { AvailDescriptor } from '../types';
import type { DescriptorHead } from './descriptorHead';

/** avail_descriptor() (SCTE 35 2023 §10.3.1): a provider_avail_id for the avail of a splice_insert. */
export function decodeAvailDescriptor(r: BitReader, head: DescriptorHead): AvailDescriptor {
  return { splice_descriptor_tag: 0x00, descriptor_length: head.descriptor_length, identifier: head.identifier, provider_avail_id: r.u32('provider_avail_id') };
}

export function encodeAvailDescriptor(w: BitWriter, d: AvailDescriptor): void {
  w.bits(d.provider_avail_id, 32, 'provider_avail_id');
}
