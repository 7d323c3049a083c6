/**
 * A user's CRM exports through the CLI: `scorecard inspect` explains each file without storing
 * anything, `scorecard report --data` loads them with no configuration and says what it recognised.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, removeTempDirs, runCli, runMain, tempDir } from './helpers';

const CRM = join(REPO, 'test', 'fixtures', 'crm');
const fileOf = (vendor: string) => {
  const dir = join(CRM, vendor, 'deals');
  return join(dir, readdirSync(dir)[0]);
};

afterAll(removeTempDirs);

describe('scorecard inspect', () => {
  it.each([
    ['hubspot', 'HubSpot deals export', 'Record ID', 'deal_id'],
    ['salesforce', 'Salesforce opportunities report', 'Account Name', 'customer_name, customer_id'],
    ['salesforce-formatted', 'Salesforce opportunities report', 'Opportunity ID', 'deal_id'],
    ['pipedrive', 'Pipedrive deals export', 'Deal - Won time', 'closed_date'],
  ])('%s: the dataset, the export, the column mapping and the rows that would be accepted', async (vendor, label, source, target) => {
    const r = await runMain(['inspect', fileOf(vendor)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  dataset:     deals (from its folder)');
    expect(r.stdout).toContain(`  recognised:  ${label}`);
    expect(r.stdout).toMatch(new RegExp(`${source.replace(/[-()]/g, '\\$&')}\\s+-> ${target}\\n`));
    expect(r.stdout).toContain('  rows:        36 would be accepted, 0 rejected');
    expect(r.stdout).not.toContain('first row errors');
  });

  it('a file outside a dataset folder: the first dataset it fits; row errors with their keys; a file rejected whole exits 1', async () => {
    const dir = await tempDir('inspect-');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'mine.csv'), 'deal_id,customer_id,created_date,status,amount\nD-1,C-1,2026-01-01,open,5\nD-2,C-1,2026-13-01,open,5\n');
    await writeFile(join(dir, 'other.csv'), 'Ref,Company\nX,Y\n');
    const r = await runMain(['inspect', join(dir, 'mine.csv'), join(dir, 'other.csv')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('  dataset:     deals (from its columns)');
    expect(r.stdout).toContain("  recognised:  the data contract's own columns");
    expect(r.stdout).toContain('  rows:        1 would be accepted, 1 rejected');
    expect(r.stdout).toMatch(/ {4}row 3 \(D-2\), created_date: "2026-13-01": .*no month 13/);
    expect(r.stdout).toMatch(/other\.csv\n {2}config: {6}defaults\n {2}dataset: {5}deals \(no dataset fits the file; shown as deals\)\n {2}rejected: {4}the whole file would be rejected: Missing required columns/);
    // nothing stored, nothing written
    expect(readdirSync(dir).sort()).toEqual(['mine.csv', 'other.csv']);
  });

  it('reads config.json of the data folder, as report does: config columns and values make another CRM\'s file load', async () => {
    const dir = await tempDir('inspect-config-');
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(join(dir, 'deals'));
    await writeFile(join(dir, 'deals', 'crm.csv'), 'Ref,Company,Opened,Phase,Value,Closed On\nX-1,Acme,2026-01-05,Closed Won,1200,2026-02-01\nX-2,Globex,2026-01-07,Discovery,,\n');
    const before = await runMain(['inspect', join(dir, 'deals', 'crm.csv')]);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('  config:      defaults');
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({
        columns: { deals: { Ref: 'deal_id', Company: ['customer_id', 'customer_name'], Opened: 'created_date', Phase: ['stage', 'status'], Value: 'amount', 'Closed On': 'closed_date' } },
        values: { deals: { status: { 'Closed Won': 'won', '*': 'open' } } },
      }),
    );
    const after = await runMain(['inspect', join(dir, 'deals', 'crm.csv')]);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain(`  config:      ${join(dir, 'config.json')}`);
    expect(after.stdout).toMatch(/Phase\s+-> stage, status\n/);
    expect(after.stdout).toContain('  rows:        2 would be accepted, 0 rejected');
    expect(after.stdout).toMatch(/stage not in config key stages "discovery" was accepted after the configured stages/);
  });
});

describe('scorecard report on a CRM export', () => {
  it.each([
    ['salesforce', 'report1777545600000.csv', 'Salesforce opportunities report'],
    ['salesforce-formatted', 'Opportunities by Stage-2026-04-30-10-15-00.xlsx', 'Salesforce opportunities report'],
    ['pipedrive', 'deals-9472611-123.csv', 'Pipedrive deals export'],
  ])('%s: loads with no config, nothing rejected, the export named', async (vendor, file, label) => {
    const out = await tempDir('crm-report-');
    const r = await runCli(['report', '--data', join(CRM, vendor), '--out', out, '--as-of', '2026-04-30']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`uploads/deals/${file}: recognised as a ${label}\n`);
    expect(r.stdout).toContain('36 rows stored, 0 rows rejected');
    expect(readdirSync(out)).not.toContain('rejected');
  });

  it('loads a HubSpot export with no config and says which export it recognised', async () => {
    const out = await tempDir('crm-report-');
    const r = await runCli(['report', '--data', join(CRM, 'hubspot'), '--out', out, '--as-of', '2026-04-30']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/hubspot-crm-exports-all-deals-2026-04-30\.csv: recognised as a HubSpot deals export \(169 stage events from its stage-entry dates\)/);
    expect(r.stdout).toContain('36 rows stored, 0 rows rejected');
    const kpis = JSON.parse(readFileSync(join(out, 'kpis.json'), 'utf8'));
    const q = kpis.periods.find((p: { id: string }) => p.id === 'FY2025-Q4');
    expect(q.kpis.deals_won.value).toBeGreaterThan(0);
    // the stage review shows HubSpot's default pipeline, in its order, from the stage-entry dates
    expect(q.stages.map((s: { stage: string }) => s.stage).slice(0, 5)).toEqual(['appointment scheduled', 'qualified to buy', 'presentation scheduled', 'decision maker bought-in', 'contract sent']);
    expect(q.stages.reduce((n: number, s: { entered: number }) => n + s.entered, 0)).toBeGreaterThan(0);
    expect(readdirSync(out)).not.toContain('rejected');
  });
});
