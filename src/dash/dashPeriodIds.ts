/**
 * Period ids of VOD insertion (protocols.md §15, [OBSERVED] UG-OLD:dash-manifest-vod): ad Periods
 * `<periodId>_PT<offset>S_<adIndex>` (`8778696_PT0S_0`, `8778696_PT0S_1`), the content remainder of a split
 * Period `<periodId>_PT<t>S`. The avail id (tracking `availId`, §5.2 "avail period ID") is the position name
 * `<periodId>_PT<offset>S` [INFERRED: an insertion replaces no Period, so the name of where it sits stands in].
 * A content Period without @id is named `p<index>` here (its own id attribute is left absent).
 */
import { isoSeconds } from './isoSeconds';

export const contentPeriodName = (id: string | undefined, index: number): string => id ?? `p${index}`;

export const splitPeriodId = (periodId: string, offset: number): string => `${periodId}_${isoSeconds(offset)}`;

export const availIdOf = splitPeriodId;

export const adPeriodId = (periodId: string, offset: number, adIndex: number): string => `${periodId}_${isoSeconds(offset)}_${adIndex}`;

export const slatePeriodId = (periodId: string, offset: number, loop: number): string => `${periodId}_${isoSeconds(offset)}_slate${loop === 0 ? '' : `_${loop}`}`;
