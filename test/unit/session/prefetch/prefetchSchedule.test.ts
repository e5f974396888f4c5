/** Prefetch schedule validation (protocols.md §10): one message per problem, MediaTailor's quotas. */
import { describe, expect, it } from 'vitest';
import { checkPrefetchSchedule, parsePrefetchSchedule, PREFETCH_LIMITS, type PrefetchSchedule } from '../../../../src/session/prefetch/prefetchSchedule';

const NOW = Date.UTC(2026, 10, 22, 8, 0, 0);
const S = NOW / 1000;

function valid(): Record<string, any> {
  return {
    Name: 'match-1', PlaybackConfigurationName: 'live', StreamId: 'sports',
    Retrieval: { StartTime: S - 60, EndTime: S + 600, DynamicVariables: { 'scte.event_id': '1001' } },
    Consumption: { StartTime: S + 60, EndTime: S + 3600, AvailMatchingCriteria: [{ DynamicVariable: 'scte.event_id', Operator: 'EQUALS' }] },
  };
}

const active = (name: string, config = 'live'): PrefetchSchedule => ({ Name: name, PlaybackConfigurationName: config, Retrieval: { EndTime: S + 10 }, Consumption: { EndTime: S + 100 } });
const ended = (name: string): PrefetchSchedule => ({ Name: name, PlaybackConfigurationName: 'live', Retrieval: { EndTime: S - 100 }, Consumption: { EndTime: S - 10 } });
const ctx = (existing: PrefetchSchedule[] = []) => ({ now: NOW, existing, configExists: (n: string) => n === 'live' || n === 'other' });

describe('checkPrefetchSchedule', () => {
  it('accepts a pasted CreatePrefetchSchedule body and normalises ISO 8601 times to epoch seconds', () => {
    const input = valid();
    input.Retrieval.StartTime = new Date((S - 60) * 1000).toISOString();
    input.Consumption.EndTime = '2026-11-22T09:00:00Z';
    const { errors, schedule } = checkPrefetchSchedule(input, ctx());
    expect(errors).toEqual([]);
    expect(schedule!.Retrieval.StartTime).toBe(S - 60);
    expect(schedule!.Consumption.EndTime).toBe(S + 3600);
    expect(schedule!.StreamId).toBe('sports');
    expect(schedule!.Consumption.AvailMatchingCriteria).toEqual([{ DynamicVariable: 'scte.event_id', Operator: 'EQUALS' }]);
  });

  it('accepts the minimal schedule (only the end times)', () => {
    const { errors, schedule } = checkPrefetchSchedule({ Name: 'n', PlaybackConfigurationName: 'live', Retrieval: { EndTime: S + 10 }, Consumption: { EndTime: S + 100 } }, ctx());
    expect(errors).toEqual([]);
    expect(schedule).toEqual({ Name: 'n', PlaybackConfigurationName: 'live', Retrieval: { EndTime: S + 10 }, Consumption: { EndTime: S + 100 } });
  });

  // One problem per row: the input is the valid schedule with one change, the answer is exactly one message.
  const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`scte.v${i}`, String(i)]));
  const crit = (n: number) => Array.from({ length: n }, () => ({ DynamicVariable: 'scte.event_id', Operator: 'EQUALS' }));
  const rows: [string, (s: Record<string, any>) => void, RegExp, PrefetchSchedule[]?][] = [
    ['Name missing', (s) => { delete s.Name; }, /^Name: required/],
    ['Name with a space', (s) => { s.Name = 'a b'; }, /^Name: required/],
    ['configuration missing', (s) => { delete s.PlaybackConfigurationName; }, /^PlaybackConfigurationName: required/],
    ['configuration not installed', (s) => { s.PlaybackConfigurationName = 'nope'; }, /^PlaybackConfigurationName: no playback configuration named "nope"/],
    ['StreamId not a string', (s) => { s.StreamId = 7; }, /^StreamId: a non-empty string/],
    ['recurring schedule', (s) => { s.ScheduleType = 'RECURRING'; }, /^ScheduleType: only SINGLE/],
    ['Retrieval missing', (s) => { delete s.Retrieval; }, /^Retrieval: required/],
    ['Retrieval.EndTime missing', (s) => { delete s.Retrieval.EndTime; }, /^Retrieval\.EndTime: required/],
    ['Retrieval.StartTime not a time', (s) => { s.Retrieval.StartTime = 'tomorrow'; }, /^Retrieval\.StartTime: a timestamp/],
    ['Retrieval ends before it starts', (s) => { s.Retrieval.EndTime = S - 120; }, /^Retrieval\.EndTime: must be after Retrieval\.StartTime/],
    ['a dynamic variable not a string', (s) => { s.Retrieval.DynamicVariables['scte.avail_num'] = 3; }, /^Retrieval\.DynamicVariables\.scte\.avail_num: a string/],
    ['101 dynamic variables (quota 100)', (s) => { s.Retrieval.DynamicVariables = { ...many(100), 'scte.event_id': '1' }; }, /^Retrieval\.DynamicVariables: at most 100 variables/],
    ['Consumption missing', (s) => { delete s.Consumption; }, /^Consumption: required/],
    ['Consumption.EndTime missing', (s) => { delete s.Consumption.EndTime; }, /^Consumption\.EndTime: required/],
    ['Consumption ends before it starts', (s) => { s.Consumption.EndTime = S + 30; }, /^Consumption\.EndTime: must be after Consumption\.StartTime/],
    ['consumption of exactly 1 day (quota: less than 1 day)', (s) => { s.Consumption.EndTime = S + 60 + 86_400; }, /less than 1 day after it starts/],
    ['consumption without StartTime runs from Retrieval.StartTime: 1 day', (s) => { delete s.Consumption.StartTime; s.Consumption.EndTime = S - 60 + 86_400; }, /less than 1 day after it starts/],
    ['consumption without any StartTime runs from now: 1 day', (s) => { delete s.Consumption.StartTime; delete s.Retrieval.StartTime; s.Consumption.EndTime = S + 86_400; }, /less than 1 day after it starts/],
    ['6 criteria (quota 5)', (s) => { s.Consumption.AvailMatchingCriteria = crit(6); }, /^Consumption\.AvailMatchingCriteria: at most 5 criteria/],
    ['criteria not an array', (s) => { s.Consumption.AvailMatchingCriteria = {}; }, /^Consumption\.AvailMatchingCriteria: an array/],
    ['operator other than EQUALS', (s) => { s.Consumption.AvailMatchingCriteria[0].Operator = 'NOT_EQUALS'; }, /^Consumption\.AvailMatchingCriteria\[0\]\.Operator: "EQUALS"/],
    ['criterion on an unknown variable', (s) => { s.Consumption.AvailMatchingCriteria[0].DynamicVariable = 'scte.event'; }, /^Consumption\.AvailMatchingCriteria\[0\]\.DynamicVariable: a break variable scte/],
    ['criterion without a retrieval value', (s) => { s.Retrieval.DynamicVariables = {}; }, /^Consumption\.AvailMatchingCriteria\[0\]\.DynamicVariable: scte\.event_id needs its value/],
    ['26th active schedule of the configuration (quota 25)', () => undefined, /already has 25 active prefetch schedules/, Array.from({ length: 25 }, (_, i) => active(`s${i}`))],
  ];
  for (const [title, change, message, existing] of rows) {
    it(title, () => {
      const s = valid();
      change(s);
      const { errors, schedule } = checkPrefetchSchedule(s, ctx(existing));
      expect(schedule).toBeNull();
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(message);
    });
  }

  it('each quota admits its limit', () => {
    const s = valid();
    s.Retrieval.DynamicVariables = { ...many(PREFETCH_LIMITS.maxDynamicVariables - 1), 'scte.event_id': '1' };
    s.Consumption.AvailMatchingCriteria = crit(PREFETCH_LIMITS.maxCriteria);
    s.Consumption.EndTime = S + 60 + 86_399;
    expect(checkPrefetchSchedule(s, ctx(Array.from({ length: 24 }, (_, i) => active(`s${i}`)))).errors).toEqual([]);
  });

  it('the 25-schedule quota counts active schedules of the same configuration, not ended ones, others, or the one replaced', () => {
    const existing = [
      ...Array.from({ length: 24 }, (_, i) => active(`s${i}`)), active('match-1'),
      ...Array.from({ length: 5 }, (_, i) => ended(`old${i}`)), ...Array.from({ length: 5 }, (_, i) => active(`x${i}`, 'other')),
    ];
    expect(checkPrefetchSchedule(valid(), ctx(existing)).errors).toEqual([]);
  });

  it('lists every problem of a bad schedule, and parsePrefetchSchedule throws them all', () => {
    const bad = { Name: '', PlaybackConfigurationName: 'live', Retrieval: { EndTime: 'x' }, Consumption: {} };
    const { errors } = checkPrefetchSchedule(bad, ctx());
    expect(errors).toHaveLength(3);
    expect(() => parsePrefetchSchedule(bad, ctx())).toThrow(/Name: required.*Retrieval\.EndTime: a timestamp.*Consumption\.EndTime: required/);
    expect(checkPrefetchSchedule([], ctx()).errors).toEqual(['prefetch schedule must be a JSON object']);
  });
});
