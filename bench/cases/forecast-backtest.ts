/**
 * The quarter-end forecast's backtest (shared/engine/forecast.ts) on two synthetic companies:
 * the demo company (seed 42, autumn peak) and a second one (seed 7, spring peak and summer
 * slump). Each company is generated as of three days of the quarter ending at BENCH_AS_OF
 * (early, middle, late) and the engine's `details.forecastBacktest` is read: for every past
 * quarter with 4 quarters of deals before it, the forecast at the same day against what
 * happened, ours against the naive run rate and fixed stage probabilities (MAPE, coverage).
 * Args: none (deterministic).
 */
import { parseConfig } from '../../shared/config/config';
import { computeScorecard } from '../../shared/engine/index';
import type { ForecastBacktestSummary } from '../../shared/engine/types';
import { generateCompany } from '../../shared/generate/company';
import { addDays, dayOf, fiscalQuarterOf } from '../../shared/calendar/fiscal';
import { BENCH_AS_OF } from '../lib/generate';
import { emit, now } from '../lib/mem';

export const COMPANIES = [
  { name: 'demo (seed 42, autumn peak)', seed: 42 },
  { name: 'second (seed 7, spring peak)', seed: 7, seasonality: [1, 1.1, 1.5, 1.6, 1.4, 1, 0.6, 0.5, 0.9, 1, 1, 0.9] },
];
/** Days of the quarter (from its start) the forecasts are made on. */
export const DAYS = [20, 46, 71];

const quarter = fiscalQuarterOf(BENCH_AS_OF, 1);
const rows: (ForecastBacktestSummary & { company: string; asOf: string; day: number })[] = [];
const t0 = now();
let engineMs = 0;
for (const c of COMPANIES) {
  for (const day of DAYS) {
    const asOf = addDays(quarter.start, day - 1);
    const co = generateCompany({ asOf, seed: c.seed, seasonality: c.seasonality });
    const t = now();
    const r = computeScorecard(
      { deals: co.deals, stageEvents: co.stageEvents, surveys: co.surveys, finance: co.finance, targets: co.targets },
      asOf,
      parseConfig({ crmGoLive: co.config.crmGoLive }),
      `${asOf}T06:00:00Z`,
    );
    engineMs += now() - t;
    for (const s of r.details.forecastBacktest?.summary ?? []) rows.push({ company: c.name, asOf, day: dayOf(asOf) - dayOf(quarter.start) + 1, ...s });
  }
}
emit({ ms: now() - t0, engineMs, rows });
