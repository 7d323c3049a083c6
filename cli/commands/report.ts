import { join } from 'node:path';
import { access } from 'node:fs/promises';
import { UsageError } from '../../shared/errors';
import { parseConfig, type Config } from '../../shared/config/config';
import { asOfFlag, parseFlags } from '../args';
import { readConfigFile, todayIn } from '../config-file';
import { line, type Io } from '../io';
import { printResult } from '../output';
import { scanDataDir } from '../uploads';
import { createProgress } from '../progress';

export const REPORT_HELP = `Usage: scorecard report --data DIR --out DIR [--as-of YYYY-MM-DD] [--config FILE] [--state DIR]

Runs the pipeline on your own files, on embedded DynamoDB- and S3-compatible servers:
every file is uploaded through the S3 API, ingested by the ingest handler, and the
report handler computes the KPIs and renders the workbooks.

  --data DIR      folder laid out as DIR/<dataset>/*.csv|xlsx, datasets:
                  deals, stage-events, surveys, finance, targets
  --out DIR       where kpis.json, the three workbooks and rejected/ go, and mail/
                  (the e-mails of the config's deliveries, as .eml files)
  --as-of DATE    report date YYYY-MM-DD (default: today in the config's time zone)
  --config FILE   config JSON (fiscalYearStartMonth, timeZone, crmGoLive, ...);
                  default: DIR/config.json when it exists
  --state DIR     keep the embedded store here between runs (default: temporary)
  -h, --help      this help

Exit code 0 when the reports were produced (even if rows were rejected: see
OUT/rejected/), non-zero with a one-line reason when nothing could be produced.`;

/** The config and where it came from: --config FILE, else DATA/config.json when present, else the defaults. */
export async function loadConfig(configPath: string | undefined, dataDir: string | undefined): Promise<{ config: Config; source: string | null }> {
  if (configPath) return { config: await readConfigFile(configPath), source: configPath };
  if (dataDir) {
    const implicit = join(dataDir, 'config.json');
    if (await access(implicit).then(() => true, () => false)) return { config: await readConfigFile(implicit), source: implicit };
  }
  return { config: parseConfig(undefined), source: null };
}

export async function runReport(argv: string[], io: Io): Promise<number> {
  const started = performance.now();
  const { values } = parseFlags('report', argv, {
    data: { type: 'string' },
    out: { type: 'string' },
    'as-of': { type: 'string' },
    config: { type: 'string' },
    state: { type: 'string' },
  });
  if (values.help) {
    line(io.stdout, REPORT_HELP);
    return 0;
  }
  if (!values.data) throw new UsageError("--data DIR is required (the folder with deals/, surveys/, ...); see 'scorecard report --help'");
  if (!values.out) throw new UsageError("--out DIR is required (where the workbooks go); see 'scorecard report --help'");
  const asOfArg = asOfFlag(values['as-of'] as string | undefined, 'report');
  const progress = createProgress(io.stderr);
  const { config, source } = await loadConfig(values.config as string | undefined, values.data as string);
  const asOf = asOfArg ?? todayIn(config.timeZone);
  // Check the folder before loading the SDK and the servers: a wrong path fails in a blink.
  const scan = await scanDataDir(values.data as string);
  const { runPipeline } = await import('../pipeline');
  const result = await runPipeline({
    scan,
    dataDir: values.data as string,
    outDir: values.out as string,
    asOf,
    config,
    stateDir: values.state as string | undefined,
    progress,
  });
  printResult(io, result, performance.now() - started, source ?? 'defaults (no --config, no config.json in the data folder)');
  return 0;
}
