/**
 * Scoped dashboards (issue 14): the weekly dashboard of one team, region, product,
 * owner or source. The engine is not changed: its input is filtered to the scope's
 * deals, their stage events, the surveys of the scope's customers and the scope's
 * targets, and the KPIs that cannot be split by scope (they use company-wide finance
 * figures) are taken from the company result, and marked so in the workbook.
 */
import { computeScorecard } from '../engine';
import type { KpiDefinition, ScorecardResult } from '../engine/types';
import type { Config } from '../config/config';
import type { Dataset, IsoDate } from '../model/types';
import { dealInScope, formatScope, parseScope, type Scope } from '../model/scope';
import { ScorecardError } from '../errors';

/** Customer KPIs whose formula divides a finance figure (cost, margin) by the company's customers. */
const FINANCE_BASED_CUSTOMER_KPIS = new Set(['cac', 'cost_to_serve', 'clv', 'clv_to_cac']);

/** KPIs shown for the whole company on a scoped dashboard: the finance group, and customer KPIs built on finance figures. */
export function companyWideKpis(catalog: readonly KpiDefinition[]): string[] {
  return catalog.filter((k) => k.group === 'finance' || FINANCE_BASED_CUSTOMER_KPIS.has(k.id)).map((k) => k.id);
}

/** What a renderer needs to know about a scoped workbook. */
export interface ReportScope {
  /** `team=EMEA`. */
  label: string;
  /** KPI ids whose values are the company's, not the scope's. */
  companyWideKpis: string[];
}

/** The dataset of one scope: its deals, their stage events, surveys of its customers, all finance rows, its targets as company targets. */
export function scopeDataset(data: Dataset, scope: Scope): Dataset {
  const deals = data.deals.filter((d) => dealInScope(d, scope));
  const dealIds = new Set(deals.map((d) => d.dealId));
  const customers = new Set(deals.map((d) => d.customerId));
  const label = formatScope(scope).toLowerCase();
  return {
    deals,
    stageEvents: data.stageEvents.filter((e) => dealIds.has(e.dealId)),
    surveys: data.surveys.filter((s) => s.customerId !== undefined && customers.has(s.customerId)),
    finance: data.finance,
    targets: data.targets
      .filter((t) => {
        const s = parseScope(t.scope ?? '');
        return s && formatScope(s).toLowerCase() === label;
      })
      .map((t) => ({ ...t, scope: '' })),
  };
}

export class EmptyScopeError extends ScorecardError {}

/**
 * The engine result for one scope: computed over the scope's data, then every
 * company-wide KPI replaced by the company's value (same period ids).
 */
export function computeScoped(
  data: Dataset,
  company: ScorecardResult,
  scopeLabel: string,
  asOf: IsoDate,
  config: Config,
  catalog: readonly KpiDefinition[],
): { result: ScorecardResult; scope: ReportScope } {
  const scope = parseScope(scopeLabel);
  if (!scope) throw new ScorecardError(`not a scope: ${JSON.stringify(scopeLabel)}`);
  const scoped = scopeDataset(data, scope);
  if (!scoped.deals.length) throw new EmptyScopeError(`no deals with ${formatScope(scope)}: check the scope of the delivery (values match the deals' ${scope.dimension} column, ignoring case)`);
  const label = formatScope(scope);
  const result = computeScorecard(scoped, asOf, { ...config, companyName: `${config.companyName} (${label})` }, company.document.generatedAt);
  const ids = companyWideKpis(catalog);
  const companyPeriods = new Map(company.document.periods.map((p) => [p.id, p]));
  for (const p of result.document.periods) {
    const c = companyPeriods.get(p.id);
    for (const id of ids) {
      const v = c?.kpis[id];
      if (v) p.kpis[id] = v;
    }
  }
  result.details.financeIssues = company.details.financeIssues;
  return { result, scope: { label, companyWideKpis: ids } };
}
