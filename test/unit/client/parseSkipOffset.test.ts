import { describe, expect, it } from 'vitest';
import { parseSkipOffset } from '../../../src/client/parseSkipOffset';

describe('parseSkipOffset', () => {
  it('reads VAST time offsets and percentages', () => {
    expect(parseSkipOffset('00:00:05', 15)).toBe(5);
    expect(parseSkipOffset('00:01:02.500', 90)).toBe(62.5);
    expect(parseSkipOffset('01:05.25', 90)).toBe(65.25);
    expect(parseSkipOffset('25%', 20)).toBe(5);
  });
  it('null for absent or unreadable values (not skippable)', () => {
    for (const v of [null, undefined, '', 'soon', '5', '120%', '-00:00:05']) expect(parseSkipOffset(v, 20)).toBeNull();
    expect(parseSkipOffset('50%', 0)).toBeNull();
  });
});
