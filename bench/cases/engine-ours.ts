/**
 * Ours for the engine: load every dataset of the data dir from CSV through readUpload
 * ("load": the same parsing the ingest handler does), then computeScorecard for every
 * fiscal quarter and year from the earliest data through the as-of date, with
 * comparisons, targets, stage review, breakdowns and details ("compute").
 * Peak RSS is measured per phase (the compute peak includes the loaded data it holds).
 * Args: --dir DATA_DIR --as-of YYYY-MM-DD [--result-out FILE]  (FILE: the engine result
 * as JSON, for the render case)
 */
import { writeFileSync } from 'node:fs';
import { DEFAULT_CONFIG } from '../../shared/config/config';
import { computeScorecard } from '../../shared/engine/index';
import { COMPARED_KPIS, type QuarterValues } from '../lib/compare';
import { loadDir } from '../lib/load';
import { args, emit, now, peakRssMb, required, resetPeak, rssMb } from '../lib/mem';

const a = args();
const dir = required(a, 'dir');
const asOf = required(a, 'as-of');
const config = { ...DEFAULT_CONFIG, stages: [...DEFAULT_CONFIG.stages] };

const t0 = now();
const { data, files } = await loadDir(dir, config);
const loadMs = now() - t0;
const loadPeakRssMb = peakRssMb();
resetPeak();
const rssAfterLoadMb = rssMb();

const t1 = now();
const result = computeScorecard(data, asOf, config, `${asOf}T06:00:00Z`);
const computeMs = now() - t1;
const computePeakRssMb = peakRssMb();

const quarters: QuarterValues = {};
for (const p of result.document.periods) {
  if (p.kind !== 'quarter') continue;
  quarters[p.id] = Object.fromEntries(COMPARED_KPIS.map((k) => [k, p.kpis[k]?.value ?? null]));
}
if (a['result-out']) writeFileSync(a['result-out'], JSON.stringify(result));
const ms = (d: string) => files.find((f) => f.dataset === d)?.ms ?? 0;
emit({
  deals: data.deals.length,
  stageEvents: data.stageEvents.length,
  surveys: data.surveys.length,
  rowsRejected: files.reduce((n, f) => n + f.rowsRejected, 0),
  files,
  loadMs,
  /** Load of only the two files DuckDB reads (deals, surveys). */
  loadDealsSurveysMs: ms('deals') + ms('surveys'),
  computeMs,
  totalMs: loadMs + computeMs,
  periods: result.document.periods.length,
  loadPeakRssMb,
  rssAfterLoadMb,
  computePeakRssMb,
  peakRssMb: Math.max(loadPeakRssMb, computePeakRssMb),
  quarters,
});
