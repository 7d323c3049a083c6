/**
 * When the report runs happen, derived from the product configuration. Pure: the
 * pipeline stack turns each spec into an EventBridge Scheduler schedule in
 * `config.timeZone` (Scheduler evaluates cron in that zone, daylight saving included).
 *
 * Scheduler's cron only knows Gregorian months. With config calendar "jalali" the
 * quarterly and annual runs are scheduled daily and carry `closeDay` in their input;
 * the report function runs only on that day of a Jalali quarter's (year's) first month
 * and returns at once on every other day (docs/decisions/calendar.md).
 */
import type { Config } from '../shared/config/config';
import type { ScheduleSettings } from './settings';
import { JALALI_MONTH_NAMES as JALALI_MONTHS } from '../shared/calendar/jalali';
import { fiscalCalendar, gregorianCalendar } from '../shared/calendar/fiscal-calendar';

export type ReportKind = 'weekly' | 'quarterly' | 'annual';

/** EventBridge Scheduler cron fields (`cron(minute hour day month weekDay year)`). */
export interface CronFields {
  minute: string;
  hour: string;
  day?: string;
  month?: string;
  weekDay?: string;
}

/** What a scheduled run passes to the report function (functions/report/event.ts). */
export interface ReportScheduleInput {
  kind: ReportKind;
  /** Run only when the run date is this day of the first month of a fiscal quarter (year). */
  closeDay?: number;
}

export interface ReportScheduleSpec {
  /** Construct id and schedule description stem. */
  id: string;
  kind: ReportKind;
  cron: CronFields;
  input: ReportScheduleInput;
  description: string;
}

const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The calendar months (1-12, ascending) in which a fiscal quarter starts. */
export function quarterStartMonths(fiscalYearStartMonth: number): number[] {
  return gregorianCalendar(fiscalYearStartMonth).quarterStartMonths().sort((a, b) => a - b);
}

/** The Scheduler expression string of cron fields (for docs and tests). */
export function cronExpression(c: CronFields): string {
  const day = c.day ?? (c.weekDay ? '?' : '*');
  const weekDay = c.weekDay ?? (day === '?' ? '*' : '?');
  return `cron(${c.minute} ${c.hour} ${day} ${c.month ?? '*'} ${weekDay} *)`;
}

/**
 * - weekly: the first morning of each week (config.weekStartsOn; Monday by default),
 *   so the manager dashboard shows the week that just ended;
 * - quarterly: `closeDay` days into the first month of each fiscal quarter, i.e. a
 *   few days after the previous quarter closed (late bookings and finance figures in);
 * - annual: the same day in the first month of the fiscal year.
 * In the fiscal year's first month the quarterly and annual runs fire together;
 * they are separate invocations producing separate workbooks.
 */
export function reportSchedules(config: Config, s: ScheduleSettings): ReportScheduleSpec[] {
  const hour = String(s.hour);
  const at = `${String(s.hour).padStart(2, '0')}:00 ${config.timeZone}`;
  const quarterMonths = quarterStartMonths(config.fiscalYearStartMonth);
  const weekDay = WEEKDAYS[config.weekStartsOn];
  const weekly: ReportScheduleSpec = {
    id: 'Weekly',
    kind: 'weekly',
    cron: { minute: '0', hour, weekDay },
    input: { kind: 'weekly' },
    description: `Weekly manager dashboard, every ${weekDay} at ${at}`,
  };
  if (config.calendar === 'jalali') {
    const daily: CronFields = { minute: '0', hour };
    const first = JALALI_MONTHS[config.fiscalYearStartMonth - 1];
    const quarterFirsts = fiscalCalendar(config).quarterStartMonths().map((m) => JALALI_MONTHS[m - 1]);
    return [
      weekly,
      {
        id: 'Quarterly',
        kind: 'quarterly',
        cron: daily,
        input: { kind: 'quarterly', closeDay: s.closeDay },
        description: `Quarterly finance review, day ${s.closeDay} of ${quarterFirsts.join('/')} (Jalali; checked daily) at ${at}`,
      },
      {
        id: 'Annual',
        kind: 'annual',
        cron: daily,
        input: { kind: 'annual', closeDay: s.closeDay },
        description: `Annual review, day ${s.closeDay} of ${first} (Jalali; checked daily) at ${at}`,
      },
    ];
  }
  return [
    weekly,
    {
      id: 'Quarterly',
      kind: 'quarterly',
      cron: { minute: '0', hour, day: String(s.closeDay), month: quarterMonths.join(',') },
      input: { kind: 'quarterly' },
      description: `Quarterly finance review, day ${s.closeDay} of ${quarterMonths.map((m) => MONTHS[m - 1]).join('/')} at ${at}`,
    },
    {
      id: 'Annual',
      kind: 'annual',
      cron: { minute: '0', hour, day: String(s.closeDay), month: String(config.fiscalYearStartMonth) },
      input: { kind: 'annual' },
      description: `Annual review, day ${s.closeDay} of ${MONTHS[config.fiscalYearStartMonth - 1]} at ${at}`,
    },
  ];
}

/** The daily freshness check runs a few hours after the report hour. */
export function freshnessCheckCron(s: ScheduleSettings): CronFields {
  return { minute: '30', hour: String((s.hour + 3) % 24) };
}
