import { DEMO_TIME_ZONE, generateCompanyFor, writeCompany } from '../../shared/generate';
import { UsageError } from '../../shared/errors';
import { asOfFlag, intFlag, localeFlag, parseFlags } from '../args';
import { todayIn } from '../config-file';
import { line, type Io } from '../io';
import { createProgress } from '../progress';

export const GENERATE_HELP = `Usage: scorecard generate --out DIR [--as-of YYYY-MM-DD] [--seed N] [--scale X] [--years N] [--locale en|fa-IR]

Writes a synthetic company in the layout 'scorecard report --data DIR' reads:
DIR/deals/*.csv, DIR/stage-events/*.csv, DIR/surveys/*.csv, DIR/finance/*.xlsx,
DIR/targets/*.xlsx and DIR/config.json. The same seed and as-of date give the
same files.

  --out DIR       folder to write (created if missing)
  --as-of DATE    last day of the history YYYY-MM-DD (default: today, UTC)
  --seed N        seed (default 42)
  --scale X       lead volume, 1 = about 3k deals over three years (default 1)
  --years N       years of history (default 3)
  --locale ID     en (default), or fa-IR: the Persian company (rials, Persian names)
  -h, --help      this help`;

export async function runGenerate(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags('generate', argv, {
    out: { type: 'string' },
    'as-of': { type: 'string' },
    seed: { type: 'string' },
    scale: { type: 'string' },
    years: { type: 'string' },
    locale: { type: 'string' },
  });
  if (values.help) {
    line(io.stdout, GENERATE_HELP);
    return 0;
  }
  if (!values.out) throw new UsageError("--out DIR is required; see 'scorecard generate --help'");
  const locale = localeFlag(values.locale as string | undefined, 'generate');
  const asOf = asOfFlag(values['as-of'] as string | undefined, 'generate') ?? todayIn(DEMO_TIME_ZONE[locale]);
  const seed = intFlag(values.seed as string | undefined, 'seed', 'generate') ?? 42;
  const years = intFlag(values.years as string | undefined, 'years', 'generate') ?? 3;
  if (years < 1 || years > 10) throw new UsageError("--years must be from 1 to 10; see 'scorecard generate --help'");
  const scaleText = values.scale as string | undefined;
  const scale = scaleText === undefined ? 1 : Number(scaleText);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 20) throw new UsageError(`--scale must be a number above 0 and at most 20, got "${scaleText}"; see 'scorecard generate --help'`);

  const progress = createProgress(io.stderr);
  const step = progress.step('generate', 1);
  const company = generateCompanyFor(locale, { asOf, seed, years, scale });
  const { files } = await writeCompany(company, values.out as string);
  step.tick(1);
  step.done(`${company.deals.length} deals, ${company.surveys.length} survey answers, ${company.finance.length} finance rows, ${company.targets.length} targets`);
  line(io.stdout, `Wrote ${files.length} files to ${values.out} (as of ${asOf}, seed ${seed}):`);
  for (const f of files) line(io.stdout, `  ${f}`);
  line(io.stdout, `Run: scorecard report --data ${values.out} --out <DIR> --as-of ${asOf}`);
  return 0;
}
