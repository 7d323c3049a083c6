/**
 * The README's data-contract table is generated from the dataset specs (shared/datasets), the
 * same source as the validator and the templates, so they cannot drift.
 *   node --import tsx scripts/readme-datasets.ts          rewrite the table in README.md
 *   node --import tsx scripts/readme-datasets.ts --check  exit 1 if README.md is out of date
 */
import { fileURLToPath } from 'node:url';
import { runReadmeScript, withBlock } from './readme-block';
import { DATASET_SPECS, requiredText, type ColumnSpec } from '../shared/datasets';
import { DATASETS } from '../shared/model/types';

export const START = '<!-- dataset-table:start (generated from shared/datasets by scripts/readme-datasets.ts) -->';
export const END = '<!-- dataset-table:end -->';

const name = (c: ColumnSpec) => c.readmeNote ?? c.name;

export function datasetTableMarkdown(): string {
  const out = ['| dataset | key | required columns | also |', '|---|---|---|---|'];
  for (const d of DATASETS) {
    const spec = DATASET_SPECS[d];
    const required = spec.columns.filter((c) => c.required).map(name);
    const conditional = spec.columns.filter((c) => !c.required && c.requiredText && !c.oneOf).map((c) => `\`${c.name}\` ${c.requiredText}`);
    const groups = [...new Set(spec.columns.filter((c) => c.oneOf).map((c) => c.oneOf!))];
    const oneOf = groups.map((g) => `at least one ${g}`);
    const also = spec.columns.filter((c) => !c.required && !c.oneOf && !(c.requiredText && requiredText(c) !== 'no')).map(name);
    const scores = spec.columns.filter((c) => c.oneOf).map(name);
    const req = [`\`${required.join(', ')}\``, ...conditional, ...oneOf].join('; ');
    const alsoText = [...scores, ...also].length ? `\`${[...scores, ...also].join(', ')}\`` : '';
    out.push(`| ${d} | \`${spec.key.join('+')}\` | ${req} | ${alsoText} |`);
  }
  return out.join('\n');
}

export function withDatasetTable(readme: string): string {
  return withBlock(readme, START, END, datasetTableMarkdown());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) runReadmeScript('data-contract table', 'scripts/readme-datasets.ts', withDatasetTable);
