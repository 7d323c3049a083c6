/**
 * The dataset specs (shared/datasets) are the only place columns are declared: the validator's
 * schema, the templates, the README's data-contract table, the synthetic and bench generators and
 * the engine's finance columns all match them, and no other source restates a column list.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withDatasetTable } from '../scripts/readme-datasets';
import { parseConfig } from '../shared/config/config';
import { DATASET_SPECS, columnNames } from '../shared/datasets';
import { FINANCE_COLUMNS as ENGINE_FINANCE } from '../shared/engine/finance';
import { DEAL_COLUMNS, FINANCE_COLUMNS, STAGE_EVENT_COLUMNS, SURVEY_COLUMNS, TARGET_COLUMNS } from '../shared/generate/write';
import { KEY_COLUMNS } from '../shared/ingest/keys';
import { SCHEMAS, mapHeader } from '../shared/ingest/schema';
import { DATASETS } from '../shared/model/types';
import { columnDocs } from '../shared/templates/columns';

const REPO = join(__dirname, '..');
const readme = readFileSync(join(REPO, 'README.md'), 'utf8');

describe('dataset specs', () => {
  it.each(DATASETS)('%s: the validator reads exactly the spec columns, with its required ones and key', (d) => {
    const spec = DATASET_SPECS[d];
    expect(SCHEMAS[d].columns).toEqual(spec.columns.map((c) => c.name));
    expect(SCHEMAS[d].required).toEqual(spec.columns.filter((c) => c.required).map((c) => c.name));
    expect(KEY_COLUMNS[d]).toBe(spec.key.join('|'));
    const r = mapHeader(d, columnNames(d));
    expect(r.ok && [...r.map.index.keys()]).toEqual(columnNames(d));
    for (const c of spec.columns) for (const a of c.aliases ?? []) {
      const h = mapHeader(d, [...columnNames(d).filter((n) => n !== c.name), a]);
      expect(h.ok && h.map.label.get(c.name)).toBe(a);
    }
  });

  it.each(DATASETS)('%s: the templates document exactly the spec columns', (d) => {
    expect(columnDocs(d).map((c) => [c.name, c.kind, c.meaning])).toEqual(DATASET_SPECS[d].columns.map((c) => [c.name, c.type, c.meaning]));
  });

  it('the generators write the spec columns, and the engine sums the spec finance columns', () => {
    expect([DEAL_COLUMNS, STAGE_EVENT_COLUMNS, SURVEY_COLUMNS, FINANCE_COLUMNS, TARGET_COLUMNS]).toEqual(DATASETS.map(columnNames));
    expect([...ENGINE_FINANCE]).toEqual(DATASET_SPECS.finance.columns.filter((c) => c.name !== 'period').map((c) => c.field));
    const bench = readFileSync(join(REPO, 'bench/lib/generate.ts'), 'utf8');
    expect(bench).not.toMatch(/'[a-z_]+,[a-z_]+,[a-z_]+/); // no header written by hand
  });

  it('the README data-contract table is the one generated from the specs (run scripts/readme-datasets.ts after changing a spec)', () => {
    expect(withDatasetTable(readme)).toBe(readme);
  });

  it('config columns accept every spec column and no other', () => {
    for (const d of DATASETS) for (const c of columnNames(d)) expect(() => parseConfig({ columns: { [d]: { X: c } } })).not.toThrow();
    expect(() => parseConfig({ columns: { deals: { X: 'deal_number' } } })).toThrow(/must map to a deals column/);
  });

  it('no other source file restates a column list (three spec columns in a row)', () => {
    const lists = DATASETS.flatMap((d) => {
      const n = columnNames(d);
      return n.slice(0, -2).map((_, i) => n.slice(i, i + 3));
    });
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) {
          if (!['node_modules', 'datasets', 'fixtures'].includes(e.name)) walk(p);
        } else if (/\.ts$/.test(e.name) && !/\.test\.ts$|test-support/.test(e.name)) {
          const src = readFileSync(p, 'utf8');
          for (const [a, b, c] of lists) {
            if (new RegExp(`['"\`]${a}['"\`]?\\s*,\\s*['"\`]?${b}['"\`]?\\s*,\\s*['"\`]?${c}\\b`).test(src)) offenders.push(`${relative(REPO, p)}: ${a}, ${b}, ${c}`);
          }
        }
      }
    };
    for (const top of ['shared', 'cli', 'bench', 'scripts', 'functions', 'infra']) walk(join(REPO, top));
    // the breakdown dimensions are the engine's own list (a subset of deal columns that KPIs group by)
    expect(offenders).toEqual(['shared/model/types.ts: team, region, product']);
  });
});
