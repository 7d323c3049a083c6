/**
 * E-mail delivery on the embedded stack (dynalite, s3rver, aws-ses-v2-local): the
 * report handler runs with three deliveries, the messages the SES server received are
 * parsed (mailparser) and their attachments opened (exceljs); a rerun sends nothing;
 * a recipient whose sends fail (fault injected into the SES client) is retried and
 * reported while the others arrive.
 */
import { SUMMARY_COLS } from '../../shared/report/sheets/summary';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simpleParser, type ParsedMail } from 'mailparser';
import type ExcelJS from 'exceljs';
import { SESv2ServiceException } from '@aws-sdk/client-sesv2';
import { startLocalStack, LOCAL_CREDENTIALS, LOCAL_REGION, type LocalStack } from '../../shared/local/runtime';
import { makeHandler, type ReportHandlerResult } from '../../functions/report/handler';
import { computeScorecard } from '../../shared/engine';
import { parseConfig, type Config } from '../../shared/config/config';
import type { Dataset } from '../../shared/model/types';
import type { ScorecardResult } from '../../shared/engine/types';
import { makeSesClient } from '../../shared/adapters/clients';
import { SesMailer } from '../../shared/adapters/ses-mailer';
import { AS_OF, FILES, fixtureDataset } from '../report/fixture';
import { load } from '../report/xlsx';

let stack: LocalStack;
let data: Dataset;
let config: Config;
const NOW = () => new Date('2026-11-23T06:00:00Z');
const noSleep = async () => undefined;

const DELIVERIES = [
  { workbook: 'weekly', to: ['ceo@acme.example', 'Sales.Ops@acme.example'] },
  { workbook: 'weekly', scope: 'team=EMEA', to: ['emea-lead@acme.example'] },
  { workbook: 'quarterly', to: ['cfo@acme.example', 'ceo@acme.example'] },
];

beforeAll(async () => {
  const f = fixtureDataset();
  data = f.data;
  config = parseConfig({ ...f.config, deliveries: DELIVERIES });
  stack = await startLocalStack({ config });
  await stack.store.putRecords('deals', data.deals);
  await stack.store.putRecords('stage-events', data.stageEvents);
  await stack.store.putRecords('surveys', data.surveys);
  await stack.store.putRecords('finance', data.finance);
  await stack.store.putRecords('targets', data.targets);
  for (const file of FILES) await stack.store.recordFile(file);
}, 60_000);
afterAll(async () => {
  await stack?.stop();
});

async function received(out: ReportHandlerResult): Promise<Map<string, ParsedMail>> {
  const sent = out.deliveries!.outcomes.filter((o) => o.status === 'sent');
  const mails = await stack.sentMail(sent.map((o) => o.messageId!));
  const parsed = new Map<string, ParsedMail>();
  for (const [i, m] of mails.entries()) parsed.set(`${sent[i].workbook}|${sent[i].recipient}`, await simpleParser(m.eml));
  return parsed;
}

/** The Summary row of a KPI label: [value, target, notes]. */
function summaryRow(wb: ExcelJS.Workbook, label: string): { value: number | null; target: number | null; notes: string } {
  const ws = wb.getWorksheet('Summary')!;
  for (let r = 1; r <= ws.rowCount; r++) {
    if (ws.getCell(r, 1).value === label) {
      const num = (c: number) => (typeof ws.getCell(r, c).value === 'number' ? (ws.getCell(r, c).value as number) : null);
      return { value: num(SUMMARY_COLS.value), target: num(SUMMARY_COLS.target), notes: String(ws.getCell(r, SUMMARY_COLS.note).value ?? '') };
    }
  }
  throw new Error(`no Summary row ${label}`);
}

describe('deliveries on the embedded stack', () => {
  let first: ReportHandlerResult;
  let mails: Map<string, ParsedMail>;
  let company: ScorecardResult;

  beforeAll(async () => {
    const handler = makeHandler({ store: stack.store, blobs: stack.blobs, config, now: NOW, mail: { ...stack.mail, sleep: noSleep } });
    first = await handler({ kind: 'all', asOf: AS_OF });
    mails = await received(first);
    company = computeScorecard(data, AS_OF, config, first.generatedAt);
  }, 120_000);

  it('sends exactly one message per workbook and recipient, and nothing for the annual review no one asked for', () => {
    const sent = first.deliveries!.outcomes.map((o) => `${o.status} ${o.workbook} ${o.recipient} ${o.filename}`).sort();
    expect(sent).toEqual(
      [
        'sent quarterly cfo@acme.example finance-review-FY2026-Q3.xlsx',
        'sent quarterly ceo@acme.example finance-review-FY2026-Q3.xlsx',
        'sent weekly ceo@acme.example manager-dashboard-2026-W47.xlsx',
        'sent weekly sales.ops@acme.example manager-dashboard-2026-W47.xlsx',
        'sent weekly team=EMEA emea-lead@acme.example manager-dashboard-2026-W47-team-EMEA.xlsx',
      ].sort(),
    );
    expect(first.deliveries).toMatchObject({ sent: 5, alreadySent: 0, failed: 0 });
    for (const [key, m] of mails) {
      expect(m.to && !Array.isArray(m.to) ? m.to.text : '').toBe(key.split('|')[1]);
      expect(m.from?.text).toContain('reports@scorecard.local');
      expect(m.attachments).toHaveLength(1);
      expect(m.attachments[0].contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    }
  });

  it('keeps the recipients out of kpis.json', async () => {
    const kpis = (await stack.blobs.getBuffer('reports/weekly/2026-W47/kpis.json')).toString('utf8');
    expect(JSON.parse(kpis).config.deliveries).toEqual([]);
    expect(kpis).not.toContain('acme.example');
  });

  it('attaches the published company workbook byte for byte', async () => {
    const published = await stack.blobs.getBuffer('reports/weekly/2026-W47/manager-dashboard-2026-W47.xlsx');
    expect(mails.get('weekly|ceo@acme.example')!.attachments[0].content.equals(published)).toBe(true);
    const review = await stack.blobs.getBuffer('reports/quarterly/FY2026-Q3/finance-review-FY2026-Q3.xlsx');
    expect(mails.get('quarterly|cfo@acme.example')!.attachments[0].content.equals(review)).toBe(true);
  });

  it("gives the EMEA lead a dashboard with EMEA's own numbers, targets and stuck deals, and the company's finance KPIs, saying so", async () => {
    const m = mails.get('weekly team=EMEA|emea-lead@acme.example')!;
    const wb = await load(m.attachments[0].content);
    // An engine run over the EMEA deals alone (and their stage events).
    const emeaDeals = data.deals.filter((d) => d.team === 'EMEA');
    const ids = new Set(emeaDeals.map((d) => d.dealId));
    const emea = computeScorecard(
      { ...data, deals: emeaDeals, stageEvents: data.stageEvents.filter((e) => ids.has(e.dealId)), surveys: [], targets: [] },
      AS_OF,
      config,
      first.generatedAt,
    );
    const q = (r: ScorecardResult) => r.document.periods.find((p) => p.id === r.details.currentQuarter)!;
    for (const [label, id] of [['Bookings', 'bookings'], ['Deals won', 'deals_won'], ['Win rate', 'win_rate'], ['Open pipeline value', 'open_pipeline_value']] as const) {
      const row = summaryRow(wb, label);
      expect(row.value, label).toBeCloseTo(q(emea).kpis[id].value!, 6);
      expect(row.value, `${label} differs from the company's`).not.toBeCloseTo(q(company).kpis[id].value!, 6);
    }
    // Its scoped target, not the company's.
    const emeaTarget = data.targets.find((t) => t.kpi === 'bookings' && t.scope === 'team=EMEA' && t.period === company.details.currentQuarter)!;
    expect(summaryRow(wb, 'Bookings').target).toBe(emeaTarget.target);
    // Finance: the company's value, and a note saying so.
    const revenue = summaryRow(wb, 'Revenue');
    expect(revenue.value).toBeCloseTo(q(company).kpis.revenue.value!, 6);
    expect(revenue.notes).toMatch(/whole company/);
    const summary = wb.getWorksheet('Summary')!;
    expect(String(summary.getCell('A1').value)).toContain('(team=EMEA)');
    expect(String(summary.getCell('A6').value)).toMatch(/^Scope team=EMEA: its deals.*whole company/);
    // Stuck and open deals: EMEA's only.
    const open = wb.getWorksheet('Open pipeline')!;
    const teams = new Set<string>();
    open.eachRow((row) => {
      row.eachCell((c) => {
        if (c.value === 'EMEA' || c.value === 'Americas' || c.value === 'APAC') teams.add(c.value);
      });
    });
    expect([...teams]).toEqual(['EMEA']);
    // The body's headline numbers are the scope's.
    expect(m.subject).toBe(`${config.companyName} (team=EMEA): weekly manager dashboard 2026-W47`);
    const bookings = new Intl.NumberFormat('en-US', { style: 'currency', currency: config.currency, maximumFractionDigits: 0 }).format(q(emea).kpis.bookings.value!);
    expect(m.text).toContain(`- Bookings: ${bookings}`);
    expect(m.html).toContain(bookings);
    expect(m.text).toMatch(/Revenue \(company\)/);
  });

  it('a rerun of the same run sends nothing new', async () => {
    const before = ((await (await fetch(`${stack.endpoints.ses}/store`)).json()) as { emails: unknown[] }).emails.length;
    const handler = makeHandler({ store: stack.store, blobs: stack.blobs, config, now: () => new Date('2026-11-23T06:20:00Z'), mail: { ...stack.mail, sleep: noSleep } });
    const again = await handler({ kind: 'all', asOf: AS_OF });
    expect(again.deliveries).toMatchObject({ sent: 0, alreadySent: 5, failed: 0 });
    const after = ((await (await fetch(`${stack.endpoints.ses}/store`)).json()) as { emails: unknown[] }).emails.length;
    expect(after).toBe(before);
    const log = await stack.mail.log.listRun('weekly/2026-W47/2026-11-22');
    expect(log.map((r) => `${r.status} ${r.workbook} ${r.recipient}`).sort()).toEqual(
      ['sent weekly ceo@acme.example', 'sent weekly sales.ops@acme.example', 'sent weekly team=EMEA emea-lead@acme.example'].sort(),
    );
  });
});

describe('the delivery log (conditional writes in dynalite)', () => {
  it('lets only one run claim a (run, workbook, recipient), and a failed one be claimed again', async () => {
    const log = stack.mail.log;
    const rec = { runId: 'weekly/2026-W01/2026-01-04', workbook: 'weekly team=EMEA', recipient: 'x@acme.example', status: 'sending' as const, attempts: 0, at: '2026-01-05T06:00:00Z' };
    expect(await log.claim(rec)).toBe(true);
    expect(await log.claim(rec)).toBe(false); // a second run, in flight or later
    await log.settle({ ...rec, status: 'sent', attempts: 1, messageId: 'm-1' });
    expect(await log.claim(rec)).toBe(false);
    const other = { ...rec, recipient: 'y@acme.example' };
    expect(await log.claim(other)).toBe(true);
    await log.settle({ ...other, status: 'failed', attempts: 3, error: 'TooManyRequestsException' });
    expect(await log.claim(other)).toBe(true); // failed: a rerun may try again
    expect((await log.listRun(rec.runId)).map((r) => `${r.recipient} ${r.status}`).sort()).toEqual(['x@acme.example sent', 'y@acme.example sending']);
  });
});

describe('a locale the workbooks do not know yet', () => {
  it('is accepted and passed through: the workbook is rendered for it (in English) and named after it', async () => {
    const cfg = parseConfig({ ...config, deliveries: [{ workbook: 'annual', to: ['fa@acme.example'], locale: 'fa-IR' }] });
    const out = await makeHandler({ store: stack.store, blobs: stack.blobs, config: cfg, now: NOW, mail: { ...stack.mail, sleep: noSleep } })({ kind: 'annual', asOf: AS_OF });
    const [o] = out.deliveries!.outcomes;
    expect(o).toMatchObject({ status: 'sent', workbook: 'annual fa-IR', filename: `annual-review-${out.reports[0].periodId}-fa-IR.xlsx` });
    const [m] = await stack.sentMail([o.messageId!]);
    const wb = await load((await simpleParser(m.eml)).attachments[0].content);
    expect(wb.worksheets.length).toBeGreaterThan(1);
  }, 120_000);
});

describe('a scope that matches no deal', () => {
  it('sends nothing and reports each recipient as not delivered, naming the scope', async () => {
    const cfg = parseConfig({ ...config, deliveries: [{ workbook: 'weekly', scope: 'team=EMAE', to: ['typo@acme.example'] }] });
    const errors: string[] = [];
    const logger = { info: () => undefined, warn: () => undefined, error: (msg: string) => errors.push(msg) };
    const out = await makeHandler({ store: stack.store, blobs: stack.blobs, config: cfg, now: NOW, logger, mail: { ...stack.mail, sleep: noSleep } })({ kind: 'weekly', asOf: AS_OF });
    expect(out.deliveries!.outcomes).toEqual([
      expect.objectContaining({ status: 'failed', recipient: 'typo@acme.example', error: expect.stringMatching(/no deals with team=EMAE/) }),
    ]);
    expect(errors).toEqual(['e-mail not delivered']);
  }, 120_000);
});

describe('a failing recipient', () => {
  it('is retried (when SES says it may help), then recorded and reported, while the others arrive; a later rerun sends it', async () => {
    const cfg = parseConfig({ ...config, deliveries: [{ workbook: 'annual', to: ['first@acme.example', 'broken@acme.example', 'refused@acme.example', 'last@acme.example'] }] });
    // The one place a fault is injected: SES answers TooManyRequests for one address, every time.
    const ses = makeSesClient({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, endpoint: stack.endpoints.ses });
    let brokenAttempts = 0;
    let refusedAttempts = 0;
    let failing = true;
    ses.middlewareStack.add(
      (next) => async (args) => {
        const input = (args as { input: { Destination?: { ToAddresses?: string[] } } }).input;
        if (failing && input.Destination?.ToAddresses?.includes('broken@acme.example')) {
          brokenAttempts++;
          throw new SESv2ServiceException({ name: 'TooManyRequestsException', $fault: 'client', $metadata: { httpStatusCode: 429 }, message: 'Maximum sending rate exceeded.' });
        }
        if (failing && input.Destination?.ToAddresses?.includes('refused@acme.example')) {
          refusedAttempts++;
          throw new SESv2ServiceException({ name: 'MessageRejected', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'Email address is not verified.' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'injectFault' },
    );
    const errors: Record<string, unknown>[] = [];
    const logger = { info: () => undefined, warn: () => undefined, error: (msg: string, ...e: Record<string, unknown>[]) => errors.push({ msg, ...Object.assign({}, ...e) }) };
    const mail = { mailer: new SesMailer(ses, { from: 'Scorecard <reports@scorecard.local>' }), log: stack.mail.log, sleep: noSleep, maxAttempts: 3 };
    const run = () => makeHandler({ store: stack.store, blobs: stack.blobs, config: cfg, now: NOW, logger, mail })({ kind: 'annual', asOf: AS_OF });

    const out = await run();
    const by = new Map(out.deliveries!.outcomes.map((o) => [o.recipient, o]));
    expect(by.get('broken@acme.example')).toMatchObject({ status: 'failed', attempts: 3 });
    expect(by.get('broken@acme.example')!.error).toMatch(/TooManyRequestsException/);
    expect(brokenAttempts).toBe(3);
    // A refusal is not retried: another try cannot fix an unverified address.
    expect(by.get('refused@acme.example')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(refusedAttempts).toBe(1);
    expect(by.get('first@acme.example')!.status).toBe('sent');
    expect(by.get('last@acme.example')!.status).toBe('sent');
    const arrived = await stack.sentMail([by.get('first@acme.example')!.messageId!, by.get('last@acme.example')!.messageId!]);
    expect(arrived.map((m) => m.to)).toEqual([['first@acme.example'], ['last@acme.example']]);
    // Reported: the alarm's log line, and the record the data-quality sheet can show.
    expect(errors).toEqual([
      expect.objectContaining({ msg: 'e-mail not delivered', recipient: 'broken@acme.example', attempts: 3 }),
      expect.objectContaining({ msg: 'e-mail not delivered', recipient: 'refused@acme.example', attempts: 1 }),
    ]);
    const records = await stack.mail.log.listRun(`annual/${out.reports[0].periodId}/${AS_OF}`);
    expect(records.find((r) => r.recipient === 'broken@acme.example')).toMatchObject({ status: 'failed', attempts: 3 });

    // ... and the next weekly dashboard's data-quality sheet lists both failures.
    const weekly = await makeHandler({ store: stack.store, blobs: stack.blobs, config: cfg, now: NOW, logger, mail })({ kind: 'weekly', asOf: AS_OF });
    const dq = (await load(await stack.blobs.getBuffer(weekly.reports[0].key))).getWorksheet('Data quality')!;
    const lines: string[] = [];
    dq.eachRow((r) => lines.push((r.values as unknown[]).map((v) => String(v ?? '')).join('|')));
    expect(lines.find((l) => l.includes('E-mail not delivered: annual to broken@acme.example'))).toMatch(/after 3 attempt\(s\): .*TooManyRequestsException/);
    expect(lines.some((l) => l.includes('E-mail not delivered: annual to refused@acme.example'))).toBe(true);

    failing = false;
    const rerun = await run();
    expect(rerun.deliveries!.outcomes.map((o) => `${o.status} ${o.recipient}`).sort()).toEqual(
      ['already_sent first@acme.example', 'already_sent last@acme.example', 'sent broken@acme.example', 'sent refused@acme.example'],
    );
    ses.destroy();
  }, 120_000);
});
