import type { BitReader } from '../bitReader';
import type { BitWriter } from '../bitWriter';
import type { AudioComponent, AudioDescriptor } from '../types';
import type { DescriptorHead } from './descriptorHead';
import { need } from '../need';

/** audio_descriptor() (SCTE 35 2023 §10.3.5): the audio services of the content after the splice. */
export function decodeAudioDescriptor(r: BitReader, head: DescriptorHead): AudioDescriptor {
  const count = r.bits(4, 'audio_count');
  const reserved = r.reserved(4);
  const components: AudioComponent[] = [];
  for (let i = 0; i < count; i++) {
    const component_tag = r.u8('component_tag');
    const iso_code = r.text(3, 'ISO_code');
    const bit_stream_mode = r.bits(3, 'Bit_Stream_Mode');
    const num_channels = r.bits(4, 'Num_Channels');
    components.push({ component_tag, iso_code, bit_stream_mode, num_channels, full_srvc_audio: r.flag('Full_Srvc_Audio') });
  }
  const d: AudioDescriptor = { splice_descriptor_tag: 0x04, descriptor_length: head.descriptor_length, identifier: head.identifier, components };
  if (reserved !== undefined) d.reserved_after_audio_count = reserved;
  return d;
}

export function encodeAudioDescriptor(w: BitWriter, d: AudioDescriptor): void {
  const components = need(d.components, 'components', w);
  w.bits(components.length, 4, 'audio_count');
  w.reserved(4, d.reserved_after_audio_count);
  for (const c of components) {
    w.bits(c.component_tag, 8, 'component_tag');
    if (typeof c.iso_code !== 'string' || c.iso_code.length !== 3) w.invalid('iso_code', 'must be 3 characters');
    w.text(c.iso_code, 'iso_code');
    w.bits(c.bit_stream_mode, 3, 'bit_stream_mode');
    w.bits(c.num_channels, 4, 'num_channels');
    w.flag(c.full_srvc_audio, 'full_srvc_audio');
  }
}
