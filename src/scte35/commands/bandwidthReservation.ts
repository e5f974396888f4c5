import type { BandwidthReservation } from '../types';

/** bandwidth_reservation() (SCTE 35 2023 §9.7.5): no fields; reserves bandwidth in a multiplex. */
export function decodeBandwidthReservation(): BandwidthReservation {
  return {};
}

export function encodeBandwidthReservation(): void {}
