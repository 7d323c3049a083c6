/**
 * Ours for render: the weekly manager dashboard (shared/report/workbooks/dashboard.ts
 * renderDashboard: every sheet, native charts added to the package) on the engine
 * result of one data size, read from the JSON the engine case wrote. Only the render
 * to an .xlsx buffer (and its write to disk) is timed; the peak RSS includes the
 * engine result held in memory, as in the report Lambda.
 * Args: --result FILE --out FILE.xlsx
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { KPI_CATALOG } from '../../shared/engine/index';
import type { ScorecardResult } from '../../shared/engine/types';
import { renderDashboard } from '../../shared/report/workbooks/dashboard';
import { args, emit, now, peakRssMb, required, resetPeak, rssMb } from '../lib/mem';

const a = args();
const result = JSON.parse(readFileSync(required(a, 'result'), 'utf8')) as ScorecardResult;
resetPeak();
const rssBeforeMb = rssMb();
const t0 = now();
const buf = await renderDashboard({ result, catalog: [...KPI_CATALOG], files: [], restatements: [] });
writeFileSync(required(a, 'out'), buf);
const ms = now() - t0;
emit({ ms, bytes: buf.length, rssBeforeMb, peakRssMb: peakRssMb() });
