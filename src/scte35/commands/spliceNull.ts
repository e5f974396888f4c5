import type { SpliceNull } from '../types';

/** splice_null() (SCTE 35 2023 §9.7.1): no fields; a heartbeat, or a carrier for descriptors. */
export function decodeSpliceNull(): SpliceNull {
  return {};
}

export function encodeSpliceNull(): void {}
