/**
 * The e-mail that carries a workbook: subject, plain text and HTML with the headline
 * numbers of the period the workbook is about (the quarter to date for the weekly
 * dashboard): value, the previous period, pace against the target (`expectedToDate`
 * when the engine paced it) and the quarter-end forecast when the engine made one.
 */
import type { KpiDefinition, KpiValue, ScorecardResult } from '../engine/types';
import type { ReportKind } from '../report/periods';
import type { ReportScope } from '../report/scope';
import { formatPct, formatValue } from '../report/text-format';

const TITLES: Record<ReportKind, string> = {
  weekly: 'weekly manager dashboard',
  quarterly: 'quarterly finance review',
  annual: 'annual review',
};

export interface MailBodyInput {
  result: ScorecardResult;
  catalog: readonly KpiDefinition[];
  kind: ReportKind;
  /** The workbook's period (`2026-W47`, `FY2026-Q3`, `FY2026`). */
  periodId: string;
  filename: string;
  scope?: ReportScope;
}

export interface MailBody {
  subject: string;
  text: string;
  html: string;
}

interface Line {
  label: string;
  value: string;
  previous: string;
  pace: string;
  forecast: string;
  companyWide: boolean;
}

const STATUS = { met: 'on track', at_risk: 'at risk', behind: 'behind' } as const;

function paceOf(k: KpiValue, def: KpiDefinition, currency: string): string {
  const t = k.target;
  if (!t) return '';
  const expected = t.expectedToDate ?? t.value;
  const paced = t.expectedToDate !== undefined && t.expectedToDate !== t.value;
  const att = t.attainment !== null ? `${Math.round(t.attainment * 100)}%` : 'n/a';
  const status = t.status ? `, ${STATUS[t.status]}` : '';
  return `${att} of ${paced ? 'pace' : 'target'} ${formatValue(expected, def.unit, currency)}${paced ? ` (target ${formatValue(t.value, def.unit, currency)})` : ''}${status}`;
}

export function composeMail(input: MailBodyInput): MailBody {
  const { document: doc, details } = input.result;
  const currency = doc.config.currency;
  const periodId = input.kind === 'weekly' ? details.currentQuarter : input.periodId;
  const period = doc.periods.find((p) => p.id === periodId);
  const company = doc.config.companyName;
  const what = TITLES[input.kind];
  const subject = `${company}: ${what} ${input.periodId}`;
  const periodLabel = period ? `${period.id}${period.toDate ? ` to date (${period.start} to ${period.end})` : ` (${period.start} to ${period.end})`}` : periodId;

  const lines: Line[] = [];
  for (const def of input.catalog.filter((d) => d.headline)) {
    const k = period?.kpis[def.id];
    if (!k) continue;
    const cmp = k.previousQuarter ?? k.previousYear;
    lines.push({
      label: def.label,
      value: formatValue(k.value, def.unit, currency),
      previous: cmp ? `${formatValue(cmp.value, def.unit, currency)} (${formatPct(cmp.changePct)})` : '',
      pace: paceOf(k, def, currency),
      forecast: k.forecast
        ? `${formatValue(k.forecast.value, def.unit, currency)} (${formatValue(k.forecast.low, def.unit, currency)} to ${formatValue(k.forecast.high, def.unit, currency)})`
        : '',
      companyWide: input.scope?.companyWideKpis.includes(def.id) ?? false,
    });
  }
  const cmpPeriod = period && Object.values(period.kpis).map((k) => k.previousQuarter ?? k.previousYear).find((c) => c);
  const cmpHeader = cmpPeriod ? `${cmpPeriod.period}${cmpPeriod.sameSpan ? ' same span' : ''}` : 'previous';
  const anyForecast = lines.some((l) => l.forecast);
  const intro = `The ${what} of ${company} for ${input.periodId}, as of ${doc.asOf}, is attached (${input.filename}).`;
  const scopeLine = input.scope
    ? `It covers ${input.scope.label}. KPIs marked (company) use finance figures and are for the whole company.`
    : '';
  const head = `Headline KPIs, ${periodLabel}:`;

  const text = [
    intro,
    ...(scopeLine ? [scopeLine] : []),
    '',
    head,
    ...lines.map((l) => {
      const parts = [`- ${l.label}${l.companyWide ? ' (company)' : ''}: ${l.value}`];
      if (l.previous) parts.push(`${cmpHeader} ${l.previous}`);
      if (l.pace) parts.push(l.pace);
      if (l.forecast) parts.push(`forecast ${l.forecast}`);
      return parts.join('; ');
    }),
    '',
    'Open the attachment in Excel or LibreOffice; every number is defined on its Definitions sheet.',
    '-- Scorecard',
    '',
  ].join('\n');

  const th = (s: string) => `<th style="text-align:left;padding:4px 8px;border-bottom:1px solid #999">${esc(s)}</th>`;
  const td = (s: string, right = false) => `<td style="padding:4px 8px;border-bottom:1px solid #ddd${right ? ';text-align:right' : ''}">${esc(s)}</td>`;
  const html = [
    '<!doctype html><html><body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222">',
    `<p>${esc(intro)}</p>`,
    scopeLine ? `<p><b>${esc(scopeLine)}</b></p>` : '',
    `<p>${esc(head)}</p>`,
    '<table style="border-collapse:collapse">',
    `<tr>${th('KPI')}${th(period?.id ?? periodId)}${th(cmpHeader)}${th('Against target')}${anyForecast ? th('Quarter-end forecast') : ''}</tr>`,
    ...lines.map(
      (l) =>
        `<tr>${td(`${l.label}${l.companyWide ? ' (company)' : ''}`)}${td(l.value, true)}${td(l.previous, true)}${td(l.pace)}${anyForecast ? td(l.forecast, true) : ''}</tr>`,
    ),
    '</table>',
    '<p style="color:#666">Open the attachment in Excel or LibreOffice; every number is defined on its Definitions sheet.<br>-- Scorecard</p>',
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
