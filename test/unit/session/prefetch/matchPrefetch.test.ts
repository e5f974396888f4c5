/** Which schedules a session uses, the retrieval window, and which break consumes a prefetch (protocols.md §10). */
import { describe, expect, it } from 'vitest';
import { inRetrievalWindow, pickPrefetch, prefetchFits, schedulesForSession, criteriaOf } from '../../../../src/session/prefetch/matchPrefetch';
import type { PrefetchRecord } from '../../../../src/session/prefetch/prefetchRecord';
import type { PrefetchSchedule } from '../../../../src/session/prefetch/prefetchSchedule';
import { prefetchTemplateVars } from '../../../../src/session/prefetch/prefetchTemplateVars';
import { expandAdsTemplate } from '../../../../src/ads/expandAdsTemplate';
import type { PlannedAvail } from '../../../../src/session/plan';
import type { SessionRecord } from '../../../../src/session/sessionRecord';

const sched = (name: string, over: Partial<PrefetchSchedule> = {}): PrefetchSchedule => ({
  Name: name, PlaybackConfigurationName: 'live', Retrieval: { StartTime: 100, EndTime: 200 }, Consumption: { EndTime: 500 }, ...over,
});

describe('schedulesForSession', () => {
  const all = [sched('any'), sched('sports', { StreamId: 'sports' }), sched('news', { StreamId: 'news' }), sched('elsewhere', { PlaybackConfigurationName: 'vod' })];
  const rows: [string, string | undefined, string[]][] = [
    ['a session without streamId: only schedules without StreamId', undefined, ['any']],
    ['streamId sports', 'sports', ['any', 'sports']],
    ['streamId news', 'news', ['any', 'news']],
    ['a streamId no schedule names', 'film', ['any']],
  ];
  for (const [title, streamId, names] of rows) {
    it(title, () => {
      expect(schedulesForSession(all, { configName: 'live', ...(streamId ? { streamId } : {}) }).map((s) => s.Name)).toEqual(names);
    });
  }
});

describe('inRetrievalWindow (epoch ms against epoch seconds, both ends inclusive)', () => {
  const rows: [string, PrefetchSchedule, number, boolean][] = [
    ['before the start', sched('a'), 99_999, false],
    ['at the start', sched('a'), 100_000, true],
    ['inside', sched('a'), 150_000, true],
    ['at the end', sched('a'), 200_000, true],
    ['after the end', sched('a'), 200_001, false],
    ['no StartTime: any time before the end', sched('a', { Retrieval: { EndTime: 200 } }), 0, true],
  ];
  for (const [title, s, now, expected] of rows) it(title, () => expect(inRetrievalWindow(s, now)).toBe(expected));
});

const avail = { index: 0, ads: [{ index: 0 }] } as unknown as PlannedAvail;
const rec = (name: string, over: Partial<PrefetchRecord> = {}): PrefetchRecord => ({
  key: `s/${name}`, sessionId: 's', scheduleName: name, state: 'ready', startedAt: 0, retrievedAt: 1000,
  consumeFrom: 1000, consumeUntil: 5000, criteria: [], avail, failure: null, consumedBy: null, ...over,
});
const brk = (key: string, arrivedAt: number, eventId = '') => ({ key, arrivedAt, scte: { event_id: eventId } });

describe('prefetchFits', () => {
  const rows: [string, PrefetchRecord, ReturnType<typeof brk>, boolean][] = [
    ['ready, no criteria, inside the window', rec('a'), brk('10', 2000), true],
    ['arrived before the window', rec('a'), brk('10', 999), false],
    ['arrived at the window start', rec('a'), brk('10', 1000), true],
    ['arrived at the window end', rec('a'), brk('10', 5000), true],
    ['arrived after the window', rec('a'), brk('10', 5001), false],
    ['still retrieving', rec('a', { state: 'retrieving', avail: null }), brk('10', 2000), false],
    ['retrieval failed', rec('a', { state: 'failed', failure: 'EMPTY_VAST_RESPONSE' }), brk('10', 2000), false],
    ['used by another break', rec('a', { consumedBy: '5' }), brk('10', 2000), false],
    ['used by this break (a decision run again)', rec('a', { consumedBy: '10' }), brk('10', 2000), true],
    ['criterion equal', rec('a', { criteria: [{ variable: 'scte.event_id', value: '1002' }] }), brk('10', 2000, '1002'), true],
    ['criterion different', rec('a', { criteria: [{ variable: 'scte.event_id', value: '1002' }] }), brk('10', 2000, '1001'), false],
    ['criterion on a value the break lacks', rec('a', { criteria: [{ variable: 'scte.segment_num', value: '1' }] }), brk('10', 2000), false],
  ];
  for (const [title, p, b, expected] of rows) it(title, () => expect(prefetchFits(p, b)).toBe(expected));
});

describe('pickPrefetch', () => {
  it('the window that ends first, then the name; one already claimed by the break first', () => {
    const list = [rec('b', { consumeUntil: 4000 }), rec('a', { consumeUntil: 4000 }), rec('c', { consumeUntil: 3000 })];
    expect(pickPrefetch(list, brk('10', 2000))?.scheduleName).toBe('c');
    expect(pickPrefetch(list.slice(0, 2), brk('10', 2000))?.scheduleName).toBe('a');
    expect(pickPrefetch([...list, rec('z', { consumedBy: '10' })], brk('10', 2000))?.scheduleName).toBe('z');
    expect(pickPrefetch([rec('a', { consumedBy: '5' })], brk('10', 2000))).toBeUndefined();
  });
  it('criteria pick the break with the matching event id', () => {
    const list = [rec('for-1002', { criteria: [{ variable: 'scte.event_id', value: '1002' }] })];
    expect(pickPrefetch(list, brk('35', 2000, '1001'))).toBeUndefined();
    expect(pickPrefetch(list, brk('65', 2500, '1002'))?.scheduleName).toBe('for-1002');
  });
});

describe('prefetch request variables', () => {
  const session = { id: 'sid', uuid: 'uu', userAgent: 'UA', referer: 'R', playerParams: { Tier: 'gold' } } as unknown as SessionRecord;
  it('session and player values, the dynamic variables over them, the 300 s default duration', () => {
    const s = sched('a', { Retrieval: { EndTime: 200, DynamicVariables: { 'scte.event_id': '1002', 'session.avail_duration_secs': '60', 'asset.ID': 'x y', other: 'ignored' } } });
    const vars = prefetchTemplateVars(session, s.Retrieval.DynamicVariables, 42);
    const t = 'https://ads/v?e=[scte.event_id]&d=[session.avail_duration_secs]&ms=[session.avail_duration_ms]&id=[session.id]&tier=[player_params.tier]&a=[asset.ID]&r=[avail.random]&i=[avail.index]&u=[session.user_agent]';
    expect(expandAdsTemplate(t, vars).url).toBe('https://ads/v?e=1002&d=60&ms=300000&id=sid&tier=gold&a=x%20y&r=42&i=&u=UA');
    expect(criteriaOf(sched('b', { Retrieval: { EndTime: 1, DynamicVariables: { 'scte.event_id': '7' } }, Consumption: { EndTime: 2, AvailMatchingCriteria: [{ DynamicVariable: 'scte.event_id', Operator: 'EQUALS' }] } })))
      .toEqual([{ variable: 'scte.event_id', value: '7' }]);
  });
});
