/**
 * Real CRM exports load with no configuration: each fixture (test/fixtures/crm/README.md cites
 * where its headers and formats come from) is recognised, has no rejected row, and gives the same
 * KPIs as the same deals written in the data contract's own format (test/fixtures/crm/contract/).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config/config';
import { computeScorecard } from '../../shared/engine';
import { readAll } from '../../shared/ingest/test-support';
import type { Dataset, Deal, StageEvent } from '../../shared/model/types';

const CRM = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/crm');
const AS_OF = '2026-04-30';
const KPIS = ['deals_won', 'deals_lost', 'bookings', 'win_rate', 'sales_cycle_days'] as const;

const only = (dir: string) => {
  const files = readdirSync(dir);
  expect(files).toHaveLength(1);
  return { name: files[0], buf: readFileSync(join(dir, files[0])) };
};

async function load(dir: string): Promise<{ data: Dataset; warnings: string[]; recognisedAs?: string; rejected: number; stages?: string[] }> {
  const deals = only(join(dir, 'deals'));
  const r = await readAll(deals.buf, 'deals', { fileName: deals.name });
  expect(r.issues).toEqual([]);
  const stageEvents = r.batches.flatMap((b) => b.stageEvents ?? []);
  let events: StageEvent[] = stageEvents;
  try {
    const ev = only(join(dir, 'stage-events'));
    events = [...events, ...((await readAll(ev.buf, 'stage-events', { fileName: ev.name })).records as StageEvent[])];
  } catch {
    // no stage-events folder
  }
  return {
    data: { deals: r.records as Deal[], stageEvents: events, surveys: [], finance: [], targets: [] },
    warnings: r.summary.warnings,
    recognisedAs: r.summary.recognisedAs,
    rejected: r.summary.rowsRejected,
    stages: r.summary.stages,
  };
}

function kpisByQuarter(data: Dataset) {
  const doc = computeScorecard(data, AS_OF, parseConfig({}), `${AS_OF}T00:00:00Z`).document;
  return doc.periods
    .filter((p) => p.kind === 'quarter')
    .map((p) => ({ quarter: p.id, ...(Object.fromEntries(KPIS.map((k) => [k, p.kpis[k].value])) as Record<(typeof KPIS)[number], number | null>) }));
}

const byId = (deals: Deal[]) => [...deals].sort((a, b) => a.dealId.localeCompare(b.dealId)).map(({ stageEnteredDate: _, ...d }) => d);

describe.each([
  ['hubspot', 'HubSpot deals export'],
  ['salesforce', 'Salesforce opportunities report'],
  ['salesforce-formatted', 'Salesforce opportunities report'],
  ['pipedrive', 'Pipedrive deals export'],
])('%s export', (vendor, label) => {
  it('is recognised with no config, no row rejected, and gives the KPIs of the same deals in the contract format', async () => {
    const crm = await load(join(CRM, vendor));
    const own = await load(join(CRM, 'contract', vendor));
    expect(crm.recognisedAs).toBe(label);
    expect(own.recognisedAs).toBeUndefined();
    expect(crm.rejected).toBe(0);
    expect(crm.data.deals.length).toBeGreaterThanOrEqual(30);
    expect(byId(crm.data.deals)).toEqual(byId(own.data.deals));
    expect(crm.data.stageEvents.length).toBe(own.data.stageEvents.length);
    const kpis = kpisByQuarter(crm.data);
    expect(kpis).toEqual(kpisByQuarter(own.data));
    // the comparison is not vacuous: deals were won and lost in several quarters
    expect(kpis.filter((q) => (q.deals_won as number) > 0).length).toBeGreaterThanOrEqual(3);
    expect(kpis.some((q) => (q.deals_lost as number) > 0)).toBe(true);
    // open deals without an amount are unknown, not rejected; open deals keep their expected close date
    expect(crm.data.deals.filter((d) => d.amountUnknown)).not.toHaveLength(0);
    expect(crm.data.deals.filter((d) => d.status === 'open').every((d) => d.expectedCloseDate && !d.closedDate)).toBe(true);
    expect(crm.warnings).toContainEqual(expect.stringMatching(/open deals have no amount; stored as unknown/));
  });
});

describe('export details', () => {
  it('HubSpot: "Date entered <stage>" columns become stage events, Existing Business is upsell', async () => {
    const crm = await load(join(CRM, 'hubspot'));
    const first = crm.data.deals.find((d) => d.dealId === '18234567000')!;
    expect(first).toMatchObject({ customerId: '9012345000', customerName: 'Acme Corp', status: 'open', stage: 'contract sent', dealType: 'new', amountUnknown: true });
    expect(crm.data.stageEvents.filter((e) => e.dealId === '18234567000').map((e) => [e.stage, e.enteredDate])).toEqual([
      ['appointment scheduled', '2025-05-08'], ['qualified to buy', '2025-05-11'], ['presentation scheduled', '2025-05-27'],
      ['decision maker bought-in', '2025-06-13'], ['contract sent', '2025-06-30'],
    ]);
    expect(crm.data.deals.filter((d) => d.dealType === 'upsell').length).toBeGreaterThan(0);
    expect(crm.stages).toEqual(['appointment scheduled', 'qualified to buy', 'presentation scheduled', 'decision maker bought-in', 'contract sent']);
  });

  it('Salesforce: US dates read month-first from the file itself, footer lines skipped with a note, the account name as customer id', async () => {
    const crm = await load(join(CRM, 'salesforce'));
    expect(crm.warnings).toContainEqual(expect.stringMatching(/^dates were read as MM\/DD\/YYYY/));
    expect(crm.warnings).toContainEqual(expect.stringMatching(/^3 total or footer lines .* were skipped/));
    expect(crm.data.deals[0]).toMatchObject({ customerId: 'Acme Corp', customerName: 'Acme Corp' });
    const formatted = await load(join(CRM, 'salesforce-formatted'));
    expect(formatted.warnings).toContainEqual(expect.stringMatching(/^3 rows above the header row \(a report title\) were skipped/));
  });
});

describe('fixtures', () => {
  it('the committed CRM fixtures are exactly what make-crm-fixtures.ts writes', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const out = mkdtempSync(join(tmpdir(), 'crm-fixtures-'));
    try {
      execFileSync(process.execPath, ['--import', 'tsx', join(CRM, 'make-crm-fixtures.ts'), out], { cwd: join(CRM, '../../..'), stdio: 'pipe' });
      const files = (readdirSync(out, { recursive: true }) as string[]).filter((f) => /\.(csv|xlsx)$/.test(f)).sort();
      expect(files.length).toBe(9);
      for (const f of files) expect(readFileSync(join(out, f)).equals(readFileSync(join(CRM, f))), f).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
