/**
 * Prefetch schedules in the shape of MediaTailor's CreatePrefetchSchedule request (single schedules), so a
 * publisher can paste one (protocols.md §10):
 * https://docs.aws.amazon.com/mediatailor/latest/apireference/API_CreatePrefetchSchedule.html
 *
 * Timestamps are accepted as the API's JSON wire form (epoch seconds, a number) or as an ISO 8601 date-time
 * string (the AWS CLI and CloudFormation form); the stored schedule holds epoch seconds, as
 * GetPrefetchSchedule answers.
 */
import { ErrorCode, StitchboxError } from '../../errors';
import { SCTE_VAR_NAMES } from '../../scte35/scteVars';

export interface AvailMatchingCriterion {
  /** A dynamic variable of the break, `scte.<name>` (protocols.md §11); its value is Retrieval.DynamicVariables[DynamicVariable]. */
  DynamicVariable: string;
  Operator: 'EQUALS';
}

export interface PrefetchSchedule {
  Name: string;
  PlaybackConfigurationName: string;
  /** Only sessions opened with this `streamId` use the schedule (protocols.md §1.1); absent: every session of the configuration. */
  StreamId?: string;
  Retrieval: {
    /** Epoch seconds; absent: retrieval may start at once. */
    StartTime?: number;
    EndTime: number;
    DynamicVariables?: Record<string, string>;
  };
  Consumption: {
    /** Epoch seconds; absent: the ads may be used as soon as they are retrieved. */
    StartTime?: number;
    EndTime: number;
    AvailMatchingCriteria?: AvailMatchingCriterion[];
  };
}

/** MediaTailor quotas (protocols.md §10, UG-OLD:quotas). */
export const PREFETCH_LIMITS = {
  /** A consumption window ends less than one day after it starts. */
  maxConsumptionSeconds: 86_400,
  /** Active (not yet ended) schedules per playback configuration. */
  maxActiveSchedules: 25,
  maxDynamicVariables: 100,
  maxCriteria: 5,
} as const;

const NAME_RE = /^[A-Za-z0-9_-]{1,64}$/;
const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const SCTE_NAMES = new Set<string>(SCTE_VAR_NAMES);

export interface ScheduleContext {
  /** Epoch ms: a window without StartTime starts now (Retrieval) or at retrieval (Consumption). */
  now: number;
  /** Schedules already installed (any configuration); the one of the same configuration and Name is replaced. */
  existing: readonly PrefetchSchedule[];
  /** Whether a playback configuration of this name is installed; absent: not checked. */
  configExists?: (name: string) => boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Epoch seconds of a timestamp field, or an error message naming it; undefined when absent and optional. */
function timestamp(v: unknown, field: string, required: boolean, errors: string[]): number | undefined {
  if (v === undefined || v === null) {
    if (required) errors.push(`${field}: required, a timestamp (epoch seconds or an ISO 8601 date-time)`);
    return undefined;
  }
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  if (typeof v === 'string' && ISO_RE.test(v.trim())) {
    const ms = Date.parse(v.trim());
    if (Number.isFinite(ms)) return ms / 1000;
  }
  errors.push(`${field}: a timestamp (epoch seconds or an ISO 8601 date-time such as 2026-11-22T08:00:00Z), not ${JSON.stringify(v)}`);
  return undefined;
}

/** Whether a schedule's consumption window has not ended at `now` (ms): it counts against the 25-schedule quota. */
export function isActiveSchedule(s: PrefetchSchedule, now: number): boolean {
  return s.Consumption.EndTime * 1000 > now;
}

/**
 * Validate a schedule as given by a user: the list of problems, one message per problem naming the field
 * (empty = valid), and the normalised schedule when there are none.
 */
export function checkPrefetchSchedule(input: unknown, ctx: ScheduleContext): { errors: string[]; schedule: PrefetchSchedule | null } {
  const errors: string[] = [];
  if (!isObject(input)) return { errors: ['prefetch schedule must be a JSON object'], schedule: null };
  const name = input.Name;
  const config = input.PlaybackConfigurationName;
  if (typeof name !== 'string' || !NAME_RE.test(name)) errors.push('Name: required, 1-64 characters of A-Z a-z 0-9 _ -');
  if (typeof config !== 'string' || !NAME_RE.test(config)) errors.push('PlaybackConfigurationName: required, the Name of a playback configuration');
  else if (ctx.configExists && !ctx.configExists(config)) errors.push(`PlaybackConfigurationName: no playback configuration named "${config}" is installed`);
  if (input.StreamId !== undefined && (typeof input.StreamId !== 'string' || input.StreamId === '')) errors.push('StreamId: a non-empty string (the sessions\' streamId)');
  if (input.ScheduleType !== undefined && input.ScheduleType !== 'SINGLE') errors.push('ScheduleType: only SINGLE schedules are supported (RECURRING is not)');
  if (input.RecurringPrefetchConfiguration !== undefined) errors.push('RecurringPrefetchConfiguration: recurring schedules are not supported');

  // Retrieval: when the ADS is called in the background, and the dynamic variables of that request.
  const r = input.Retrieval;
  let rStart: number | undefined;
  let rEnd: number | undefined;
  let vars: Record<string, string> | undefined;
  if (!isObject(r)) errors.push('Retrieval: required, an object {StartTime?, EndTime, DynamicVariables?}');
  else {
    rStart = timestamp(r.StartTime, 'Retrieval.StartTime', false, errors);
    rEnd = timestamp(r.EndTime, 'Retrieval.EndTime', true, errors);
    if (rStart !== undefined && rEnd !== undefined && rEnd <= rStart) errors.push('Retrieval.EndTime: must be after Retrieval.StartTime');
    if (r.DynamicVariables !== undefined) {
      if (!isObject(r.DynamicVariables)) errors.push('Retrieval.DynamicVariables: an object of string values');
      else {
        const entries = Object.entries(r.DynamicVariables);
        if (entries.length > PREFETCH_LIMITS.maxDynamicVariables) {
          errors.push(`Retrieval.DynamicVariables: at most ${PREFETCH_LIMITS.maxDynamicVariables} variables (MediaTailor quota), not ${entries.length}`);
        }
        vars = {};
        for (const [k, v] of entries) {
          if (k === '') errors.push('Retrieval.DynamicVariables: a variable name is empty');
          else if (typeof v !== 'string') errors.push(`Retrieval.DynamicVariables.${k}: a string, not ${JSON.stringify(v)}`);
          else vars[k] = v;
        }
      }
    }
  }

  // Consumption: which break takes the ads.
  const c = input.Consumption;
  let cStart: number | undefined;
  let cEnd: number | undefined;
  let criteria: AvailMatchingCriterion[] | undefined;
  if (!isObject(c)) errors.push('Consumption: required, an object {StartTime?, EndTime, AvailMatchingCriteria?}');
  else {
    cStart = timestamp(c.StartTime, 'Consumption.StartTime', false, errors);
    cEnd = timestamp(c.EndTime, 'Consumption.EndTime', true, errors);
    // Without StartTime the window opens when the ads are retrieved, at the earliest when retrieval may start.
    const opens = cStart ?? rStart ?? ctx.now / 1000;
    if (cEnd !== undefined) {
      if (cEnd <= opens) errors.push(`Consumption.EndTime: must be after ${cStart !== undefined ? 'Consumption.StartTime' : rStart !== undefined ? 'Retrieval.StartTime' : 'now'}`);
      else if (cEnd - opens >= PREFETCH_LIMITS.maxConsumptionSeconds) {
        errors.push(`Consumption.EndTime: the consumption window must end less than 1 day after it starts (MediaTailor quota); it lasts ${Math.round(cEnd - opens)} s`);
      }
    }
    if (c.AvailMatchingCriteria !== undefined) {
      if (!Array.isArray(c.AvailMatchingCriteria)) errors.push('Consumption.AvailMatchingCriteria: an array of {DynamicVariable, Operator: "EQUALS"}');
      else {
        if (c.AvailMatchingCriteria.length > PREFETCH_LIMITS.maxCriteria) {
          errors.push(`Consumption.AvailMatchingCriteria: at most ${PREFETCH_LIMITS.maxCriteria} criteria (MediaTailor quota), not ${c.AvailMatchingCriteria.length}`);
        }
        criteria = [];
        c.AvailMatchingCriteria.forEach((m: unknown, i: number) => {
          const field = `Consumption.AvailMatchingCriteria[${i}]`;
          if (!isObject(m)) { errors.push(`${field}: an object {DynamicVariable, Operator: "EQUALS"}`); return; }
          const dv = m.DynamicVariable;
          if (m.Operator !== 'EQUALS') errors.push(`${field}.Operator: "EQUALS" (the only operator), not ${JSON.stringify(m.Operator)}`);
          if (typeof dv !== 'string' || !dv.startsWith('scte.') || !SCTE_NAMES.has(dv.slice(5))) {
            errors.push(`${field}.DynamicVariable: a break variable scte.<name> of protocols.md §11 (such as scte.event_id), not ${JSON.stringify(dv)}`);
          } else if (isObject(r) && (!vars || !Object.prototype.hasOwnProperty.call(vars, dv))) {
            // (Without a Retrieval object that problem is reported once, above.)
            errors.push(`${field}.DynamicVariable: ${dv} needs its value in Retrieval.DynamicVariables`);
          } else if (m.Operator === 'EQUALS') criteria!.push({ DynamicVariable: dv, Operator: 'EQUALS' });
        });
      }
    }
  }

  // At most 25 active schedules per configuration (a schedule of the same name is being replaced).
  if (typeof config === 'string' && typeof name === 'string') {
    const others = ctx.existing.filter((s) => s.PlaybackConfigurationName === config && s.Name !== name && isActiveSchedule(s, ctx.now));
    if (others.length >= PREFETCH_LIMITS.maxActiveSchedules) {
      errors.push(`PlaybackConfigurationName: "${config}" already has ${others.length} active prefetch schedules (MediaTailor quota: ${PREFETCH_LIMITS.maxActiveSchedules})`);
    }
  }

  if (errors.length) return { errors, schedule: null };
  const schedule: PrefetchSchedule = {
    Name: name as string,
    PlaybackConfigurationName: config as string,
    Retrieval: { EndTime: rEnd! },
    Consumption: { EndTime: cEnd! },
  };
  if (typeof input.StreamId === 'string') schedule.StreamId = input.StreamId;
  if (rStart !== undefined) schedule.Retrieval.StartTime = rStart;
  if (vars) schedule.Retrieval.DynamicVariables = vars;
  if (cStart !== undefined) schedule.Consumption.StartTime = cStart;
  if (criteria && criteria.length) schedule.Consumption.AvailMatchingCriteria = criteria;
  return { errors: [], schedule };
}

/** Validate and return the normalised schedule, or throw CONFIG_INVALID listing every problem (as parseConfig does). */
export function parsePrefetchSchedule(input: unknown, ctx: ScheduleContext): PrefetchSchedule {
  const { errors, schedule } = checkPrefetchSchedule(input, ctx);
  if (!schedule) throw new StitchboxError(ErrorCode.CONFIG_INVALID, `invalid prefetch schedule: ${errors.join('; ')}`, { details: { errors } });
  return schedule;
}
