import type { BitReader } from '../bitReader';
import type { BitWriter } from '../bitWriter';
import type { PrivateDescriptor } from '../types';
import type { DescriptorHead } from './descriptorHead';

/**
 * A descriptor kept as bytes (SCTE 35 2023 §10.2): another identifier than CUEI, whose tags mean what its owner
 * says, or a CUEI tag this spec reserves. Decoders must skip what they do not know; we keep it to encode it back.
 */
export function decodePrivateDescriptor(r: BitReader, tag: number, head: DescriptorHead): PrivateDescriptor {
  return { splice_descriptor_tag: tag, descriptor_length: head.descriptor_length, identifier: head.identifier, private_bytes: r.hex(r.left, 'private_byte') };
}

export function encodePrivateDescriptor(w: BitWriter, d: PrivateDescriptor): void {
  w.hex(d.private_bytes, 'private_bytes');
}
