/**
 * The five KPIs both the engine and the DuckDB baseline compute per fiscal quarter,
 * and the equality check between them.
 */
export const COMPARED_KPIS = ['bookings', 'win_rate', 'sales_cycle_days', 'nps', 'csat'] as const;
export type QuarterValues = Record<string, Record<string, number | null>>;

export interface CompareResult {
  ok: boolean;
  quartersCompared: number;
  valuesCompared: number;
  mismatches: string[];
  onlyOurs: string[];
  onlyDuckdb: string[];
}

/** Equal within relative tolerance 1e-9 (sums of doubles in a different order) or absolute 1e-9. */
export function close(a: number | null, b: number | null, rel = 1e-9): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= Math.max(1e-9, rel * Math.max(Math.abs(a), Math.abs(b)));
}

/**
 * Compares every quarter DuckDB has (quarters with closed deals or survey answers)
 * with ours. Ours has every quarter from the earliest data; a quarter DuckDB lacks
 * must be all-null in ours.
 */
export function compareQuarters(ours: QuarterValues, duck: QuarterValues): CompareResult {
  const mismatches: string[] = [];
  const onlyOurs: string[] = [];
  const onlyDuckdb: string[] = [];
  let values = 0;
  let quarters = 0;
  for (const q of Object.keys(duck).sort()) {
    const o = ours[q];
    if (!o) {
      onlyDuckdb.push(q);
      continue;
    }
    quarters++;
    for (const k of COMPARED_KPIS) {
      values++;
      const a = o[k] ?? null;
      const b = duck[q][k] ?? null;
      if (!close(a, b)) mismatches.push(`${q} ${k}: ours ${a} duckdb ${b}`);
    }
  }
  for (const q of Object.keys(ours)) {
    if (!duck[q] && COMPARED_KPIS.some((k) => ours[q][k] !== null)) onlyOurs.push(q);
  }
  return {
    ok: mismatches.length === 0 && onlyDuckdb.length === 0 && onlyOurs.length === 0 && quarters > 0,
    quartersCompared: quarters,
    valuesCompared: values,
    mismatches: mismatches.slice(0, 20),
    onlyOurs,
    onlyDuckdb,
  };
}
