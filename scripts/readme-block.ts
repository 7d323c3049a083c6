/** A generated block of README.md between two marker comments, and the write/--check entry point. */
import { readFileSync, writeFileSync } from 'node:fs';

export function withBlock(readme: string, start: string, end: string, content: string): string {
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} ... ${end} block`);
  return `${readme.slice(0, a + start.length)}\n${content}\n${readme.slice(b)}`;
}

/** Rewrites README.md with `update`, or with --check exits 1 when it is out of date. */
export function runReadmeScript(what: string, script: string, update: (readme: string) => string): void {
  const path = new URL('../README.md', import.meta.url);
  const current = readFileSync(path, 'utf8');
  const next = update(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error(`README.md ${what} is out of date: run node --import tsx ${script}`);
      process.exitCode = 1;
    }
  } else if (next !== current) {
    writeFileSync(path, next);
    console.log(`README.md ${what} updated`);
  }
}
