/**
 * The README's KPI table is generated from the KPI catalog (shared/engine/catalog.ts),
 * the same source as the workbooks' Definitions sheet, so the two cannot drift.
 *   node --import tsx scripts/readme-kpis.ts          rewrite the table in README.md
 *   node --import tsx scripts/readme-kpis.ts --check  exit 1 if README.md is out of date
 */
import { fileURLToPath } from 'node:url';
import { runReadmeScript, withBlock } from './readme-block';
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
  return withBlock(readme, START, END, kpiTableMarkdown());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) runReadmeScript('KPI table', 'scripts/readme-kpis.ts', withKpiTable);
