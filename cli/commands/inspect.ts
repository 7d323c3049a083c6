/**
 * `scorecard inspect FILE...`: what Scorecard would make of each file, without storing anything:
 * the dataset and the export it was recognised as, the column mapping, how many rows would be
 * accepted and the first row errors. The fastest way to see why a file does not load.
 */
import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig, type Config } from '../../shared/config/config';
import { columnNames } from '../../shared/datasets';
import { FileRejectedError, UsageError } from '../../shared/errors';
import { readUpload } from '../../shared/ingest';
import type { ReadSummary } from '../../shared/ingest/types';
import { DATASETS, type DatasetName, type RowIssue } from '../../shared/model/types';
import { readConfigFile } from '../config-file';
import { line, type Io } from '../io';

export const INSPECT_HELP = `Usage: scorecard inspect FILE... [--dataset NAME] [--config FILE] [--errors N]

Shows, for each file and without storing anything, which dataset and which CRM export
it was recognised as, how its columns map onto the data contract (source -> contract,
and the columns not used), how many rows would be accepted and the first row errors.

  --dataset NAME  deals, stage-events, surveys, finance or targets (default: the file's
                  folder name when it is one, else the first dataset the file fits)
  --config FILE   config JSON (columns, values, dateFormat, stages...); default: DATA/config.json
                  for a file in DATA/<dataset>/, as 'scorecard report' reads it
  --errors N      row errors to show per file (default 5)
  -h, --help      this help

Exit code 0 when every file would be read, 1 when a file would be rejected whole.`;

interface Inspection {
  dataset: DatasetName;
  how: string;
  summary?: ReadSummary;
  rejected?: string;
  issues: RowIssue[];
  stageEvents: number;
}

async function inspectAs(buf: Buffer, name: string, dataset: DatasetName, config: Config): Promise<Omit<Inspection, 'how'>> {
  const reader = readUpload(buf, buf.length, { fileName: name, dataset, config });
  const issues: RowIssue[] = [];
  let stageEvents = 0;
  try {
    for await (const b of reader.batches) {
      for (const i of b.issues) issues.push(i);
      stageEvents += b.stageEvents?.length ?? 0;
    }
  } catch (e) {
    if (e instanceof FileRejectedError) return { dataset, rejected: e.message, issues: [], stageEvents: 0 };
    throw e;
  }
  return { dataset, summary: reader.summary(), issues, stageEvents };
}

async function inspectFile(path: string, buf: Buffer, config: Config, forced?: DatasetName): Promise<Inspection> {
  const name = basename(path);
  const folder = basename(dirname(path)).toLowerCase();
  if (forced) return { ...(await inspectAs(buf, name, forced, config)), how: 'from --dataset' };
  if ((DATASETS as readonly string[]).includes(folder)) return { ...(await inspectAs(buf, name, folder as DatasetName, config)), how: 'from its folder' };
  let first: Inspection | null = null;
  for (const d of DATASETS) {
    const r = { ...(await inspectAs(buf, name, d, config)), how: 'from its columns' };
    if (!r.rejected) return r;
    first ??= { ...r, how: 'no dataset fits the file; shown as deals' };
  }
  return first!;
}

export async function runInspect(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { dataset: { type: 'string' }, config: { type: 'string' }, errors: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.split('\n')[0]}; see 'scorecard inspect --help'`, { cause: e });
  }
  const { values, positionals } = parsed;
  if (values.help) {
    line(io.stdout, INSPECT_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError("give at least one FILE; see 'scorecard inspect --help'");
  const dataset = values.dataset as string | undefined;
  if (dataset !== undefined && !(DATASETS as readonly string[]).includes(dataset)) {
    throw new UsageError(`--dataset must be one of ${DATASETS.join(', ')}, got "${dataset}"; see 'scorecard inspect --help'`);
  }
  const maxErrors = values.errors === undefined ? 5 : Number(values.errors);
  if (!Number.isInteger(maxErrors) || maxErrors < 0) throw new UsageError(`--errors must be a whole number, got "${values.errors}"; see 'scorecard inspect --help'`);
  // as `report`: --config, else config.json of the data folder a file sits in (DATA/<dataset>/FILE)
  const given = values.config ? await readConfigFile(values.config as string) : null;
  const configFor = async (path: string): Promise<{ config: Config; from: string }> => {
    if (given) return { config: given, from: values.config as string };
    const candidate = join(dirname(dirname(path)), 'config.json');
    if ((DATASETS as readonly string[]).includes(basename(dirname(path)).toLowerCase()) && existsSync(candidate)) {
      return { config: await readConfigFile(candidate), from: candidate };
    }
    return { config: parseConfig({}), from: 'defaults' };
  };

  let failed = 0;
  for (const path of positionals) {
    let buf: Buffer;
    try {
      if (!(await stat(path)).isFile()) throw new Error('not a file');
      buf = await readFile(path);
    } catch (e) {
      throw new UsageError(`cannot read ${path}: ${(e as Error).message}`, { cause: e });
    }
    const { config, from } = await configFor(path);
    const r = await inspectFile(path, buf, config, dataset as DatasetName | undefined);
    line(io.stdout, path);
    line(io.stdout, `  config:      ${from}`);
    line(io.stdout, `  dataset:     ${r.dataset} (${r.how})`);
    if (r.rejected) {
      failed++;
      line(io.stdout, `  rejected:    the whole file would be rejected: ${r.rejected}`);
      line(io.stdout);
      continue;
    }
    const s = r.summary!;
    line(io.stdout, `  recognised:  ${s.recognisedAs ?? "the data contract's own columns"}`);
    if (s.mapping) {
      const width = Math.min(40, Math.max(...s.mapping.map((m) => m.source.length)));
      const known = new Set(columnNames(r.dataset));
      const shown = (t: string) => (known.has(t) || t.startsWith('stage-events:') ? t : `${t} (not stored)`);
      s.mapping.forEach((m, i) => line(io.stdout, `  ${i === 0 ? 'columns:    ' : '            '} ${m.source.padEnd(width)} -> ${m.targets.map(shown).join(', ')}`));
    }
    if (s.unknownColumns.length > 0) line(io.stdout, `  not used:    ${s.unknownColumns.join(', ')}`);
    line(io.stdout, `  rows:        ${s.rowsAccepted} would be accepted, ${s.rowsRejected} rejected${r.stageEvents ? `; ${r.stageEvents} stage events` : ''}`);
    for (const w of s.warnings) line(io.stdout, `  note:        ${w}`);
    if (r.issues.length > 0) {
      line(io.stdout, `  first row errors:`);
      for (const i of r.issues.slice(0, maxErrors)) {
        line(io.stdout, `    row ${i.row}${i.key?.some((k) => k) ? ` (${i.key.join(', ')})` : ''}, ${i.column}: ${i.value === '' ? '' : `"${i.value}": `}${i.reason}`);
      }
      if (r.issues.length > maxErrors) line(io.stdout, `    ... ${r.issues.length - maxErrors} more`);
    }
    line(io.stdout);
  }
  return failed > 0 ? 1 : 0;
}
