/** The SCTE-35 codec (ANSI/SCTE 35 2023): splice_info_section bytes <-> a JSON-friendly value. */
export { decodeSpliceInfoSection, decodeSpliceInfoSectionIgnoringCrc } from './decode';
export { encodeSpliceInfoSection } from './encode';
export { fromBase64, fromHex, toBase64, toHex } from './bytes';
export { crc32Mpeg2 } from './crc32';
export { Scte35Error } from './scte35Error';
export type { Scte35ErrorKind } from './scte35Error';
export * from './types';
