/** What the finance and annual reviews' sheet modules share: the reviewed period and the choice note. */
import { ScorecardError } from '../../errors';
import type { Comparison, PeriodResult } from '../../engine/types';
import type { ReportInput } from '../context';
import type { PeriodChoice } from '../periods';
import { renderContext, type RenderContext } from '../render-context';

export interface ReviewContext extends RenderContext {
  /** The reviewed quarter (finance review) or fiscal year (annual review). */
  period: PeriodResult;
  choice: PeriodChoice;
}

export function reviewContext(input: ReportInput, choice: PeriodChoice, kind: 'quarter' | 'year'): ReviewContext {
  const base = renderContext(input);
  const period = base.doc.periods.find((p) => p.id === choice.id && p.kind === kind);
  if (!period) throw new ScorecardError(`engine result has no ${kind === 'year' ? 'fiscal year' : 'period'} ${choice.id}`);
  return { ...base, period, choice };
}

/** `FY2026-Q2 (same span)` or the plain id; a fallback header without a comparison. */
export function priorHeader(ctx: RenderContext, c: Comparison | undefined, fallback: string): string {
  if (!c) return fallback;
  return c.sameSpan ? ctx.t('col.sameSpanParen', { period: c.period }) : c.period;
}

/** `FY2026-Q2 same span` (running text). */
export function priorText(ctx: RenderContext, c: Comparison | undefined): string {
  if (!c) return ctx.t('common.na');
  return c.sameSpan ? ctx.t('col.sameSpan', { period: c.period }) : c.period;
}
