import { describe, expect, it } from 'vitest';
import { parseVastTime } from '../../../src/vast/parseVastTime';

describe('parseVastTime', () => {
  it('reads HH:MM:SS and HH:MM:SS.mmm as standard', () => {
    expect(parseVastTime('00:00:16')).toEqual({ seconds: 16, standard: true });
    expect(parseVastTime(' 01:02:03.250 ')).toEqual({ seconds: 3723.25, standard: true });
  });

  it('reads MM:SS and plain seconds, flagged non-standard', () => {
    expect(parseVastTime('01:30')).toEqual({ seconds: 90, standard: false });
    expect(parseVastTime('30')).toEqual({ seconds: 30, standard: false });
    expect(parseVastTime('0:0:5')).toEqual({ seconds: 5, standard: false });
  });

  it('returns null for text that is not a time', () => {
    for (const t of ['', '  ', 'soon', '00:00:xx', '1:2:3:4', '-00:00:05', '00:00:05.', '50%', null, undefined]) expect(parseVastTime(t)).toBeNull();
  });
});
