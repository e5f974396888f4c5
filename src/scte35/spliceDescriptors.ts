import type { BitReader } from './bitReader';
import type { BitWriter } from './bitWriter';
import type { SpliceDescriptor, SpliceDescriptorTag } from './types';
import type { DescriptorHead } from './descriptors/descriptorHead';
import { decodeAvailDescriptor, encodeAvailDescriptor } from './descriptors/availDescriptor';
import { decodeDtmfDescriptor, encodeDtmfDescriptor } from './descriptors/dtmfDescriptor';
import { decodeSegmentationDescriptor, encodeSegmentationDescriptor } from './descriptors/segmentationDescriptor';
import { decodeTimeDescriptor, encodeTimeDescriptor } from './descriptors/timeDescriptor';
import { decodeAudioDescriptor, encodeAudioDescriptor } from './descriptors/audioDescriptor';

export type DescriptorOf<T extends SpliceDescriptorTag> = Extract<SpliceDescriptor, { splice_descriptor_tag: T }>;

export interface SpliceDescriptorCodec<T extends SpliceDescriptorTag> {
  name: string;
  /** Reads the fields after identifier; the reader is narrowed to descriptor_length. */
  decode(r: BitReader, head: DescriptorHead): DescriptorOf<T>;
  /** Writes the fields after identifier. */
  encode(w: BitWriter, descriptor: DescriptorOf<T>): void;
}

/**
 * One codec per splice_descriptor_tag of identifier CUEI (SCTE 35 2023 §10.1, splice_descriptor_tag table),
 * picked by tag. Anything else is a private descriptor, kept as bytes.
 */
export const spliceDescriptorCodecs: { readonly [T in SpliceDescriptorTag]: SpliceDescriptorCodec<T> } = {
  0x00: { name: 'avail_descriptor', decode: decodeAvailDescriptor, encode: encodeAvailDescriptor },
  0x01: { name: 'DTMF_descriptor', decode: decodeDtmfDescriptor, encode: encodeDtmfDescriptor },
  0x02: { name: 'segmentation_descriptor', decode: decodeSegmentationDescriptor, encode: encodeSegmentationDescriptor },
  0x03: { name: 'time_descriptor', decode: decodeTimeDescriptor, encode: encodeTimeDescriptor },
  0x04: { name: 'audio_descriptor', decode: decodeAudioDescriptor, encode: encodeAudioDescriptor },
};
