/**
 * Baseline for the engine: DuckDB (@duckdb/node-api, in-process, default threads = all
 * cores) reads the same deals and surveys CSVs (read_csv, all columns, types
 * auto-detected) into tables ("load"), then computes bookings, win rate, mean sales
 * cycle, NPS and CSAT per fiscal quarter in one SQL query ("compute").
 * Args: --dir DATA_DIR --as-of YYYY-MM-DD [--fy-start 1]
 */
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { args, emit, now, peakRssMb, required, resetPeak } from '../lib/mem';

const a = args();
const dir = required(a, 'dir');
const asOf = required(a, 'as-of');
const fyStart = Number(a['fy-start'] ?? 1);
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Fiscal quarter id of a DATE column, as the spec names it (FY named after the calendar year it ends in). */
function fq(col: string): string {
  const m0 = `((month(${col}) - ${fyStart} + 12) % 12)`;
  const fy = fyStart === 1 ? `year(${col})` : `(year(${col}) + CASE WHEN month(${col}) >= ${fyStart} THEN 1 ELSE 0 END)`;
  return `('FY' || CAST(${fy} AS VARCHAR) || '-Q' || CAST(${m0} // 3 + 1 AS VARCHAR))`;
}

const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
const threads = (await conn.runAndReadAll(`SELECT current_setting('threads') AS t`)).getRowObjectsJS()[0].t;
const peakBeforeLoad = peakRssMb();

const t0 = now();
await conn.run(`CREATE TABLE deals AS SELECT * FROM read_csv(${lit(join(dir, 'deals', 'deals.csv'))}, header = true)`);
await conn.run(`CREATE TABLE surveys AS SELECT * FROM read_csv(${lit(join(dir, 'surveys', 'surveys.csv'))}, header = true)`);
const loadMs = now() - t0;
const loadPeakRssMb = peakRssMb();
resetPeak();

const t1 = now();
const reader = await conn.runAndReadAll(`
WITH d AS (
  SELECT status, amount, created_date, closed_date, ${fq('closed_date')} AS q
  FROM deals WHERE status IN ('won', 'lost') AND closed_date <= DATE ${lit(asOf)}
), dq AS (
  SELECT q,
    sum(amount) FILTER (WHERE status = 'won') AS bookings,
    count(*) FILTER (WHERE status = 'won') AS won,
    count(*) FILTER (WHERE status = 'lost') AS lost,
    avg(closed_date - created_date) FILTER (WHERE status = 'won') AS cycle
  FROM d GROUP BY q
), sq AS (
  SELECT ${fq('responded_date')} AS q,
    100.0 * (count(*) FILTER (WHERE nps >= 9) - count(*) FILTER (WHERE nps <= 6)) / nullif(count(nps), 0) AS nps,
    1.0 * count(*) FILTER (WHERE csat >= 4) / nullif(count(csat), 0) AS csat
  FROM surveys WHERE responded_date <= DATE ${lit(asOf)} GROUP BY 1
)
SELECT coalesce(dq.q, sq.q) AS q, dq.bookings, dq.won, dq.lost,
  CASE WHEN dq.won + dq.lost > 0 THEN 1.0 * dq.won / (dq.won + dq.lost) END AS win_rate,
  dq.cycle, sq.nps, sq.csat
FROM dq FULL OUTER JOIN sq ON dq.q = sq.q ORDER BY 1`);
const rows = reader.getRowObjectsJS();
const computeMs = now() - t1;
const computePeakRssMb = peakRssMb();

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const quarters: Record<string, Record<string, number | null>> = {};
for (const r of rows) {
  quarters[String(r.q)] = {
    bookings: r.won === null || Number(r.won) === 0 ? null : num(r.bookings),
    win_rate: num(r.win_rate),
    sales_cycle_days: num(r.cycle),
    nps: num(r.nps),
    csat: num(r.csat),
  };
}
const counts = (await conn.runAndReadAll('SELECT (SELECT count(*) FROM deals) AS d, (SELECT count(*) FROM surveys) AS s')).getRowObjectsJS()[0];
conn.closeSync();
instance.closeSync();
emit({
  threads: String(threads),
  deals: Number(counts.d),
  surveys: Number(counts.s),
  loadMs,
  computeMs,
  totalMs: loadMs + computeMs,
  peakBeforeLoadMb: peakBeforeLoad,
  loadPeakRssMb,
  computePeakRssMb,
  peakRssMb: Math.max(loadPeakRssMb, computePeakRssMb),
  quarters,
});
