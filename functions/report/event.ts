/**
 * The report Lambda's input: `{ kind: 'weekly'|'quarterly'|'annual'|'all', asOf?: 'YYYY-MM-DD',
 * closeDay?: 1-28 }` from EventBridge Scheduler or a direct invocation; an EventBridge
 * "Scheduled Event" envelope carrying it in `detail` is accepted too. `closeDay` comes from
 * the daily schedules of a Jalali company (infra/schedules.ts): the run happens only on that
 * day of the first month of a fiscal quarter (year).
 */
import { addDays, isIsoDate, toCalendarDate } from '../../shared/calendar/fiscal';
import type { FiscalCalendar } from '../../shared/calendar/fiscal-calendar';
import { ScorecardError } from '../../shared/errors';
import type { IsoDate } from '../../shared/model/types';
import { REPORT_KINDS, type ReportKind } from '../../shared/report/periods';

export const EVENT_KINDS = ['weekly', 'quarterly', 'annual', 'all'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** The invocation is not a report request this function understands. */
export class ReportEventError extends ScorecardError {}

export interface ReportRequestEvent {
  kind: EventKind;
  asOf?: IsoDate;
  /** Run only on this day of a fiscal quarter's (quarterly) or year's (annual) first month. */
  closeDay?: number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates the event (direct, Scheduler input, or EventBridge envelope with `detail`). */
export function parseReportEvent(event: unknown): ReportRequestEvent {
  let body: unknown = event;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch (cause) {
      throw new ReportEventError('report event is a string but not JSON; expected {"kind":"weekly"|"quarterly"|"annual"|"all","asOf"?:"YYYY-MM-DD"}', { cause });
    }
  }
  if (isObject(body) && isObject(body.detail) && body.kind === undefined) body = body.detail;
  if (!isObject(body)) {
    throw new ReportEventError('report event must be an object {"kind":"weekly"|"quarterly"|"annual"|"all","asOf"?:"YYYY-MM-DD"}');
  }
  const kind = typeof body.kind === 'string' ? body.kind.trim().toLowerCase() : body.kind;
  if (!EVENT_KINDS.includes(kind as EventKind)) {
    throw new ReportEventError(`report event "kind" must be one of ${EVENT_KINDS.join(', ')}, got ${JSON.stringify(body.kind)}`);
  }
  const out: ReportRequestEvent = { kind: kind as EventKind };
  if (body.asOf !== undefined && body.asOf !== null && body.asOf !== '') {
    if (!isIsoDate(body.asOf)) {
      throw new ReportEventError(`report event "asOf" must be a calendar date YYYY-MM-DD, got ${JSON.stringify(body.asOf)}`);
    }
    out.asOf = body.asOf;
  }
  if (body.closeDay !== undefined) {
    const d = body.closeDay;
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > 28) {
      throw new ReportEventError(`report event "closeDay" must be an integer from 1 to 28, got ${JSON.stringify(d)}`);
    }
    if (out.kind !== 'quarterly' && out.kind !== 'annual') {
      throw new ReportEventError(`report event "closeDay" applies to the quarterly and annual reports only, not to ${out.kind}`);
    }
    out.closeDay = d;
  }
  return out;
}

/**
 * Whether a run with `closeDay` is due on `date`: the date is day `closeDay` of the first
 * month of a fiscal quarter (quarterly) or of the fiscal year (annual), in the configured calendar.
 */
export function reviewDueOn(kind: 'quarterly' | 'annual', date: IsoDate, closeDay: number, cal: FiscalCalendar): boolean {
  const { fiscalMonth, day } = cal.fiscalMonthOf(date);
  return day === closeDay && (kind === 'annual' ? fiscalMonth === 1 : fiscalMonth % 3 === 1);
}

export function kindsOf(kind: EventKind): ReportKind[] {
  return kind === 'all' ? [...REPORT_KINDS] : [kind];
}

/**
 * The as-of date when the event names none. The weekly dashboard (and `all`) is
 * scheduled early on Monday: it covers the day before the run date in the
 * reporting time zone, i.e. the week that just ended. The quarterly and annual
 * reviews use the run date: run on the first day of a quarter, the latest closed
 * quarter is the one that ended yesterday either way.
 */
export function defaultAsOf(kind: EventKind, runAt: Date, timeZone: string): IsoDate {
  const today = toCalendarDate(runAt, timeZone);
  return kind === 'weekly' || kind === 'all' ? addDays(today, -1) : today;
}
