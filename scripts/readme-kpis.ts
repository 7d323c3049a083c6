/**
 * The README's KPI table is generated from the KPI catalog (shared/engine/catalog.ts),
 * the same source as the workbooks' Definitions sheet, so the two cannot drift.
 *   node --import tsx scripts/readme-kpis.ts          rewrite the table in README.md
 *   node --import tsx scripts/readme-kpis.ts --check  exit 1 if README.md is out of date
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KPI_CATALOG } from '../shared/engine/catalog';
import type { KpiDefinition } from '../shared/engine/types';

export const START = '<!-- kpi-table:start (generated from shared/engine/catalog.ts by scripts/readme-kpis.ts) -->';
export const END = '<!-- kpi-table:end -->';

const GROUP_TITLES: Record<KpiDefinition['group'], string> = {
  pipeline: 'Pipeline and sales',
  customers: 'Customers',
  loyalty: 'Loyalty segments',
  surveys: 'Surveys',
  finance: 'Finance and CRM value',
};

const UNIT_TEXT: Record<KpiDefinition['unit'], string> = {
  count: 'count',
  money: 'money',
  fraction: '%',
  days: 'days',
  money_per_day: 'money/day',
  ratio: 'ratio',
  score: 'score',
};

const cell = (s: string) => s.replace(/\|/g, '\\|');

export function kpiTableMarkdown(catalog: readonly KpiDefinition[] = KPI_CATALOG): string {
  const out: string[] = [];
  for (const group of Object.keys(GROUP_TITLES) as KpiDefinition['group'][]) {
    const defs = catalog.filter((d) => d.group === group);
    if (!defs.length) continue;
    out.push(`**${GROUP_TITLES[group]}**`, '', '| id | KPI | unit | better | definition |', '|---|---|---|---|---|');
    for (const d of defs) {
      const flags = [d.headline ? 'headline' : '', d.breakdown ? 'by dimension' : ''].filter(Boolean).join(', ');
      out.push(
        `| \`${d.id}\` | ${cell(d.label)}${flags ? ` <sub>${flags}</sub>` : ''} | ${UNIT_TEXT[d.unit]} | ${d.better} | ${cell(d.formula)} |`,
      );
    }
    out.push('');
  }
  return out.join('\n').trimEnd();
}

export function withKpiTable(readme: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${START} ... ${END} block`);
  return `${readme.slice(0, a + START.length)}\n${kpiTableMarkdown()}\n${readme.slice(b)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = new URL('../README.md', import.meta.url);
  const current = readFileSync(path, 'utf8');
  const next = withKpiTable(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('README.md KPI table is out of date: run node --import tsx scripts/readme-kpis.ts');
      process.exitCode = 1;
    }
  } else if (next !== current) {
    writeFileSync(path, next);
    console.log('README.md KPI table updated');
  }
}
