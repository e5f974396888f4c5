import { readFileSync } from 'node:fs';
import { fromBase64, fromHex } from '../../../src/scte35/bytes';

/** One entry of ../shared/corpus/scte35/vectors.json (see corpus/SOURCES.md). */
export interface Vector {
  id: string;
  base64?: string;
  hex?: string;
  expect_error?: boolean;
  expected?: Record<string, unknown>;
  notes?: string[];
}

export const vectors: Vector[] = JSON.parse(readFileSync(new URL('../../../../shared/corpus/scte35/vectors.json', import.meta.url), 'utf8')) as Vector[];

/** The input as the source gives it (base64 when it has both), as bytes. */
export function inputBytes(v: Vector): Uint8Array {
  return v.base64 !== undefined ? fromBase64(v.base64) : fromHex(v.hex ?? '');
}

/**
 * The splice_info_section of a vector. Comcast/gots inputs start with the MPEG-TS pointer_field (0x00) that
 * precedes a section in a transport packet payload (ISO/IEC 13818-1 §2.4.4.2); the section starts after it.
 */
export function sectionBytes(v: Vector): Uint8Array {
  const b = inputBytes(v);
  return v.id.startsWith('gots-') ? b.subarray(1) : b;
}

export function vector(id: string): Vector {
  const v = vectors.find((x) => x.id === id);
  if (v === undefined) throw new Error(`no vector ${id}`);
  return v;
}
