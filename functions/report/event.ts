/**
 * The report Lambda's input: `{ kind: 'weekly'|'quarterly'|'annual'|'all', asOf?: 'YYYY-MM-DD' }`
 * from EventBridge Scheduler or a direct invocation; an EventBridge "Scheduled Event"
 * envelope carrying it in `detail` is accepted too.
 */
import { addDays, isIsoDate, toCalendarDate } from '../../shared/calendar/fiscal';
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
  return out;
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
