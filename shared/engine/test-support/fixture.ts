/** Helpers for the engine's hand-made fixtures. */
import type { Config } from '../../config/config';
import { parseConfig } from '../../config/config';
import type { Dataset, Deal } from '../../model/types';
import { computeScorecard, type EngineResult } from '../index';
import type { KpiValue, PeriodResult } from '../types';

export function dataset(d: Partial<Dataset>): Dataset {
  return { deals: [], stageEvents: [], surveys: [], finance: [], targets: [], ...d };
}

let seq = 0;
/** A deal with defaults (new, one-time, open) overridden by `d`. */
export function deal(d: Partial<Deal> & Pick<Deal, 'customerId' | 'createdDate'>): Deal {
  seq++;
  return { dealId: `T${seq}`, status: 'open', amount: 0, dealType: 'new', ...d };
}

export function run(data: Partial<Dataset>, asOf: string, config: Partial<Config> = {}): EngineResult {
  return computeScorecard(dataset(data), asOf, parseConfig(config), `${asOf}T06:00:00Z`);
}

export function period(r: EngineResult, id: string): PeriodResult {
  const p = r.document.periods.find((x) => x.id === id);
  if (!p) throw new Error(`no period ${id} in ${r.document.periods.map((x) => x.id).join(', ')}`);
  return p;
}

export function kpi(r: EngineResult, periodId: string, id: string): KpiValue {
  const v = period(r, periodId).kpis[id];
  if (!v) throw new Error(`no KPI ${id}`);
  return v;
}

export function val(r: EngineResult, periodId: string, id: string): number | null {
  return kpi(r, periodId, id).value;
}
