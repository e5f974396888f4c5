import { describe, expect, it } from 'vitest';
import { isoDuration } from '../../../src/tracking/buildMediaTailorTracking';
import { truncateToMs } from '../../../src/tracking/isoDuration';

describe('isoDuration and truncation (protocols.md §4.5)', () => {
  it('formats the shapes MediaTailor uses', () => {
    expect(isoDuration(0)).toBe('PT0S');
    expect(isoDuration(21.592)).toBe('PT21.592S');
    expect(isoDuration(334.967)).toBe('PT5M34.967S');
    expect(isoDuration(15.1)).toBe('PT15.1S');
    expect(isoDuration(60)).toBe('PT1M');
    expect(isoDuration(3600)).toBe('PT1H');
    expect(isoDuration(3661.5)).toBe('PT1H1M1.5S');
    expect(isoDuration(0.007)).toBe('PT0.007S');
  });

  it('truncates to milliseconds, never rounds up', () => {
    expect(isoDuration(21.5929)).toBe('PT21.592S');
    expect(truncateToMs(21.5929)).toBe(21.592);
    expect(truncateToMs(59.9999)).toBe(59.999);
  });

  it('float noise does not lose a millisecond', () => {
    expect(truncateToMs(17.817 + 0.25 * 15.1)).toBe(21.592);
    expect(truncateToMs(0.1 + 0.2)).toBe(0.3);
    expect(isoDuration(1.001 * 3)).toBe('PT3.003S');
  });

  it('marks negative durations, maps non-finite to zero', () => {
    expect(isoDuration(-1.5)).toBe('-PT1.5S');
    expect(isoDuration(Number.NaN)).toBe('PT0S');
  });
});
