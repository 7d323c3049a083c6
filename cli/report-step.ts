/**
 * Runs the report handler on the local stack exactly as the schedule calls it in
 * AWS (`{ kind: 'all', asOf }`), and returns the objects it wrote.
 */
import type { Config } from '../shared/config/config';
import { ScorecardError } from '../shared/errors';
import type { LocalStack } from '../shared/local/runtime';
import { makeHandler } from '../functions/report/handler';
import type { DeliverResult } from '../shared/usecases/deliver';

export interface ReportOutputs {
  workbooks: { kind: 'weekly' | 'quarterly' | 'annual'; period: string; key: string; closed: boolean }[];
  kpisKey: string;
  /** E-mails of the config's deliveries (through the embedded SES server); undefined without deliveries. */
  deliveries?: DeliverResult;
}

export interface ReportStepOptions {
  asOf: string;
  config: Config;
  now?: () => Date;
  /** Called as the run moves on: 'computing KPIs', then once per workbook written. */
  onProgress?: (detail: string, workbookWritten: boolean) => void;
  /** How the workbooks name stored files: the paths they are copied to in the output folder. */
  where?: (bucketKey: string) => string;
}

export async function runReportHandler(stack: LocalStack, opts: ReportStepOptions): Promise<ReportOutputs> {
  const progress = opts.onProgress ?? (() => undefined);
  const handler = makeHandler({
    store: stack.store,
    blobs: stack.blobs,
    config: opts.config,
    now: opts.now ?? (() => new Date()),
    mail: stack.mail,
    where: opts.where,
    logger: {
      info: (message, ...extra) => {
        const e = Object.assign({}, ...extra) as Record<string, unknown>;
        if (message === 'workbook written') progress(`${String(e.kind)} ${String(e.periodId)} written`, true);
        else if (message === 'computing KPIs') progress(`computing KPIs over ${String(e.deals)} deals`, false);
      },
      warn: () => undefined,
      error: () => undefined,
    },
  });
  const result = await handler({ kind: 'all', asOf: opts.asOf });
  const workbooks = result.reports.map((r) => ({ kind: r.kind as 'weekly' | 'quarterly' | 'annual', period: r.periodId, key: r.key, closed: r.closed }));
  const kpisKey = result.kpisKeys.find((k) => k === `${workbooks[0]?.key.slice(0, workbooks[0].key.lastIndexOf('/'))}/kpis.json`) ?? result.kpisKeys[0];
  if (!workbooks.length || !kpisKey) throw new ScorecardError('the report handler wrote no workbook');
  return { workbooks, kpisKey, deliveries: result.deliveries };
}
