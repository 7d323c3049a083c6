/**
 * Runs the report handler on the local stack exactly as the schedule calls it in
 * AWS, and finds the objects it wrote for this as-of date.
 */
import type { Config } from '../shared/config/config';
import { ScorecardError } from '../shared/errors';
import { fiscalQuarterOf, fiscalYearOf, weekOf } from '../shared/calendar/fiscal';
import type { LocalStack } from '../shared/local/runtime';
import { makeHandler } from '../functions/report/handler';

export interface ReportOutputs {
  workbooks: { kind: 'weekly' | 'quarterly' | 'annual'; period: string; key: string }[];
  kpisKey: string;
}

export interface ReportStepOptions {
  asOf: string;
  config: Config;
  now?: () => Date;
  onProgress?: (detail: string) => void;
}

export async function runReportHandler(stack: LocalStack, opts: ReportStepOptions): Promise<ReportOutputs> {
  const handler = makeHandler({ store: stack.store, blobs: stack.blobs, config: opts.config, now: opts.now ?? (() => new Date()) });
  const result = await handler({ kind: 'all', asOf: opts.asOf });
  return locateOutputs(stack, opts, result);
}

const KINDS = [
  { kind: 'weekly', prefix: 'reports/weekly/', file: 'manager-dashboard' },
  { kind: 'quarterly', prefix: 'reports/quarterly/', file: 'finance-review' },
  { kind: 'annual', prefix: 'reports/annual/', file: 'annual-review' },
] as const;

/** The workbook of each kind for this run: the keys the handler returned, else the newest folder of each kind. */
async function locateOutputs(stack: LocalStack, opts: ReportStepOptions, result: unknown): Promise<ReportOutputs> {
  const returned = collectKeys(result);
  const workbooks: ReportOutputs['workbooks'] = [];
  for (const k of KINDS) {
    let key = returned.find((r) => r.startsWith(k.prefix) && r.endsWith('.xlsx'));
    if (!key) {
      const listed = (await stack.blobs.list(k.prefix)).map((b) => b.key).filter((x) => x.endsWith('.xlsx'));
      const expected = expectedId(k.kind, opts);
      key = listed.find((x) => x.includes(`/${expected}/`)) ?? listed.sort().at(-1);
    }
    if (!key) throw new ScorecardError(`the report handler wrote no ${k.kind} workbook under ${k.prefix}`);
    workbooks.push({ kind: k.kind, period: key.split('/')[2], key });
  }
  const kpisKey = returned.find((r) => r.endsWith('kpis.json')) ?? `${workbooks[0].key.slice(0, workbooks[0].key.lastIndexOf('/'))}/kpis.json`;
  if (!(await stack.blobs.head(kpisKey))) throw new ScorecardError(`the report handler wrote no kpis.json (looked for ${kpisKey})`);
  return { workbooks, kpisKey };
}

function expectedId(kind: 'weekly' | 'quarterly' | 'annual', opts: ReportStepOptions): string {
  if (kind === 'weekly') return weekOf(opts.asOf, opts.config.weekStartsOn).id;
  if (kind === 'quarterly') return fiscalQuarterOf(opts.asOf, opts.config.fiscalYearStartMonth).id;
  return fiscalYearOf(opts.asOf, opts.config.fiscalYearStartMonth).id;
}

/** Every string in the handler's result that looks like a reports/ key. */
function collectKeys(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') {
    if (v.startsWith('reports/')) out.push(v);
  } else if (Array.isArray(v)) for (const x of v) collectKeys(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) collectKeys(x, out);
  return out;
}
