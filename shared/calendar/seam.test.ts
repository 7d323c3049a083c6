/**
 * The fiscal calendar is the one place that knows fiscal periods, finance months, month
 * arithmetic and weeks (docs/decisions/calendar.md). The Gregorian shorthands of fiscal.ts
 * that take a start month cannot know calendar "jalali": production code must ask
 * `fiscalCalendar(config)` instead. This test fails when one creeps back in.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const GREGORIAN_ONLY = [
  'fiscalYearNumber', 'fiscalQuarter', 'fiscalYear', 'fiscalQuarterOf', 'fiscalYearOf', 'tryPeriodById', 'periodById',
  'shiftQuarter', 'previousQuarter', 'sameQuarterLastYear', 'previousYear', 'quartersOfYear', 'yearOfQuarter',
  'quartersBetween', 'yearsBetween', 'fiscalQuarterOfMonth', 'monthsOfQuarter', 'weekOf', 'shiftWeek', 'addMonthsDay', 'addMonthsClamped', 'monthOf',
];

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.') || name === 'cdk.out') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

describe('the calendar seam', () => {
  it('production code outside shared/calendar imports no Gregorian-only period function', () => {
    const offenders: string[] = [];
    for (const dir of ['shared', 'functions', 'infra', 'cli']) {
      for (const file of sources(join(ROOT, dir))) {
        const rel = relative(ROOT, file);
        if (rel.startsWith('shared/calendar/')) continue;
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'[./]*(?:shared\/)?calendar\/fiscal'/g)) {
          const names = m[1].split(',').map((s) => s.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]);
          for (const n of names) if (GREGORIAN_ONLY.includes(n)) offenders.push(`${rel}: ${n}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
