/**
 * The README is documentation users follow: its KPI table must be the catalog's, and
 * its first commands must be the ones CI runs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KPI_CATALOG } from '../shared/engine/catalog';
import { withKpiTable } from '../scripts/readme-kpis';
import { parseConfig } from '../shared/config/config';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('lists every KPI of the catalog exactly as generated (run scripts/readme-kpis.ts after changing the catalog)', () => {
    expect(withKpiTable(readme)).toBe(readme);
    for (const d of KPI_CATALOG) expect(readme).toContain(`| \`${d.id}\` |`);
  });

  it('the "From your CRM" columns/values example is a valid config', () => {
    const section = readme.slice(readme.indexOf('## From your CRM'));
    const json = /```json\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    const config = parseConfig(JSON.parse(json));
    expect(config.columns.deals?.Phase).toEqual(['stage', 'status']);
    expect(config.values.deals?.status?.['*']).toBe('open');
  });

  it('starts with the install + demo command and the test command that .ci/run calls', () => {
    const firstBlock = /```(?:sh|bash)?\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock).toContain('npm ci && npx scorecard demo');
    expect(firstBlock).toContain('npm test');
    expect(readFileSync(new URL('../.ci/run', import.meta.url), 'utf8')).toMatch(/^npm test$/m);
  });
});
