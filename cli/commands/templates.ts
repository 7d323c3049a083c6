import { join } from 'node:path';
import { writeTemplates } from '../../shared/templates';
import { UsageError } from '../../shared/errors';
import { parseFlags } from '../args';
import { line, type Io } from '../io';

export const TEMPLATES_HELP = `Usage: scorecard templates --out DIR

Writes a blank CSV and XLSX template per dataset (deals, stage-events, surveys,
finance, targets) and a README.txt explaining every column. The XLSX templates
have notes on every header, drop-down lists for enum columns and KPI ids, and a
Notes sheet. Put filled files in DATA/<dataset>/ and run 'scorecard report'.

  --out DIR       folder to write (created if missing)
  -h, --help      this help`;

export async function runTemplates(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags('templates', argv, { out: { type: 'string' } });
  if (values.help) {
    line(io.stdout, TEMPLATES_HELP);
    return 0;
  }
  if (!values.out) throw new UsageError("--out DIR is required; see 'scorecard templates --help'");
  const files = await writeTemplates(values.out as string);
  line(io.stdout, `Wrote ${files.length} files to ${values.out}:`);
  for (const f of files) line(io.stdout, `  ${join(values.out as string, f)}`);
  return 0;
}
