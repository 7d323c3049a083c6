import { join } from 'node:path';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { UsageError } from '../../shared/errors';
import { parseConfig } from '../../shared/config/config';
import { DEMO_TIME_ZONE, generateCompanyFor, writeCompany } from '../../shared/generate';
import { persianText } from '../../shared/generate/persian';
import { asOfFlag, intFlag, localeFlag, parseFlags } from '../args';
import { todayIn } from '../config-file';
import { line, type Io } from '../io';
import { printResult } from '../output';
import { createProgress } from '../progress';

export const DEMO_HELP = `Usage: scorecard demo [--out DIR] [--as-of YYYY-MM-DD] [--seed N] [--locale en|fa-IR]

Generates a realistic synthetic company (three years of deals, stage history,
surveys, finance figures and targets, ending at the as-of date) into OUT/data,
then runs the whole pipeline on embedded DynamoDB-, S3- and SES-compatible servers:
uploads through the S3 API, ingestion by the ingest handler, the scheduled report
handler. Writes OUT/kpis.json and the three workbooks, OUT/mail/ with the e-mails
of the demo's deliveries (.eml files), and prints a KPI summary.

  --out DIR       output folder (default ./out)
  --as-of DATE    report date YYYY-MM-DD (default: today, UTC; Tehran for fa-IR)
  --seed N        seed of the synthetic company (default 42)
  --locale ID     en (default), or fa-IR: a Persian company (rials, Persian
                  names, Tehran time) with Persian workbooks
  -h, --help      this help

Re-run the same pipeline on the generated files (or your own) with
  scorecard report --data OUT/data --out OUT`;

export async function runDemo(argv: string[], io: Io): Promise<number> {
  const started = performance.now();
  const { values } = parseFlags('demo', argv, {
    out: { type: 'string' },
    'as-of': { type: 'string' },
    seed: { type: 'string' },
    locale: { type: 'string' },
  });
  if (values.help) {
    line(io.stdout, DEMO_HELP);
    return 0;
  }
  const outDir = (values.out as string | undefined) ?? 'out';
  const locale = localeFlag(values.locale as string | undefined, 'demo');
  const asOf = asOfFlag(values['as-of'] as string | undefined, 'demo') ?? todayIn(DEMO_TIME_ZONE[locale]);
  const seed = intFlag(values.seed as string | undefined, 'seed', 'demo') ?? 42;
  const progress = createProgress(io.stderr);

  const gen = progress.step('generate', 1);
  const company = generateCompanyFor(locale, { asOf, seed });
  const dataDir = join(outDir, 'data');
  await clearDemoData(dataDir);
  const written = await writeCompany(company, dataDir);
  await writeFile(join(dataDir, DEMO_MARKER), 'Written by scorecard demo; replaced on the next run.\n');
  gen.tick(1);
  gen.done(
    `${company.deals.length} deals, ${company.stageEvents.length} stage events, ${company.surveys.length} survey answers, ` +
      `${company.finance.length} finance rows, ${company.targets.length} targets in ${written.files.length} files under ${dataDir}`,
  );

  // The demo's config also delivers the workbooks by e-mail (config.json shows how).
  const demoConfig = { ...company.config, deliveries: demoDeliveries(company.config.locale === 'fa-IR') };
  await writeFile(join(dataDir, 'config.json'), `${JSON.stringify(demoConfig, null, 2)}\n`);
  const config = parseConfig(demoConfig);
  const { runPipeline } = await import('../pipeline');
  const result = await runPipeline({ dataDir, outDir, asOf, config, progress });
  const planted = company.badRows.deals.length + company.badRows.surveys.length;
  printResult(io, result, performance.now() - started, join(dataDir, 'config.json'), planted);
  return 0;
}

const DEMO_MARKER = '.scorecard-demo';

/**
 * Who gets what in the demo: the company dashboard, one team's own dashboard (EMEA; the
 * Persian company's Tehran office, the same team under its Persian name), the finance review.
 */
export function demoDeliveries(persian: boolean) {
  return [
    { workbook: 'weekly', to: ['sales.director@northwind.example'] },
    { workbook: 'weekly', scope: `team=${persian ? persianText('EMEA') : 'EMEA'}`, to: ['emea.manager@northwind.example'] },
    { workbook: 'quarterly', to: ['cfo@northwind.example'] },
  ];
}

/** Removes the previous demo's data; refuses to touch a folder the demo did not write. */
async function clearDemoData(dataDir: string): Promise<void> {
  const entries = await readdir(dataDir).catch(() => null);
  if (!entries || entries.length === 0) return;
  if (!entries.includes(DEMO_MARKER)) {
    throw new UsageError(`${dataDir} exists and was not written by the demo; choose another --out folder`);
  }
  await rm(dataDir, { recursive: true, force: true });
}
