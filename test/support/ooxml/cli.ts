/**
 * The suite's workbook check on files, for a look at any workbook by hand:
 *   node --import tsx test/support/ooxml/cli.ts out/*.xlsx
 * Prints every error and warning, one line each; exit status 1 when there is an error.
 */
import { readFile } from 'node:fs/promises';
import { checkWorkbooks, formatProblem } from './index';

const files = process.argv.slice(2);
if (!files.length) {
  process.stderr.write('usage: node --import tsx test/support/ooxml/cli.ts FILE.xlsx ...\n');
  process.exit(2);
}
const problems = await checkWorkbooks(Object.fromEntries(await Promise.all(files.map(async (f) => [f, await readFile(f)] as const))));
for (const p of problems) process.stdout.write(`${formatProblem(p)}\n`);
for (const f of files) {
  const mine = problems.filter((p) => p.file === f);
  process.stdout.write(`${f}: ${mine.filter((p) => p.severity === 'error').length} error(s), ${mine.filter((p) => p.severity === 'warning').length} warning(s)\n`);
}
process.exitCode = problems.some((p) => p.severity === 'error') ? 1 : 0;
