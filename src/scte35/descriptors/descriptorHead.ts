/** The fields every splice_descriptor() starts with after its tag (SCTE 35 2023 §10.2). */
export interface DescriptorHead {
  descriptor_length: number;
  identifier: number;
}
