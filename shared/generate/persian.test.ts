/**
 * The Persian demo company: Persian names, rial amounts, Jalali-dated files as a local
 * CRM writes them, and a config the Persian workbooks read. The reader of Jalali dates
 * is the calendar branch's; here the files' format is checked, not the reader.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/config';
import { dayOfJalali, isValidJalali } from '../calendar/jalali';
import { isoOfDay } from '../calendar/fiscal';
import { generateCompany } from './company';
import { fileDate, generatePersianCompany, jalaliFinance, persianText, RIAL_FACTOR } from './persian';
import { writeCompany } from './write';

const ASOF = '2026-11-22'; // 1405/09/01
const opts = { asOf: ASOF, seed: 7, scale: 0.15 };
const en = generateCompany(opts);
const fa = generatePersianCompany({ ...opts, jalali: true });
const faGregorian = generatePersianCompany({ ...opts, jalali: false });
const LATIN = /[A-Za-z]/;

describe('the Persian company', () => {
  it('is the English company\'s history in Persian words and rials', () => {
    expect(fa.deals.length).toBe(en.deals.length);
    fa.deals.forEach((d, i) => {
      expect(d.amount).toBe(en.deals[i].amount * RIAL_FACTOR);
      expect(d.createdDate).toBe(en.deals[i].createdDate);
    });
    for (const d of fa.deals) {
      for (const v of [d.customerName, d.owner, d.team, d.region, d.product, d.source]) expect(v, JSON.stringify(d)).not.toMatch(LATIN);
      // a loss to a competitor keeps the word the data contract recognises
      if (d.lostReason) expect(d.lostReason.replace('competitor', '')).not.toMatch(LATIN);
    }
    for (const s of fa.surveys) for (const v of [s.channel, s.comment]) if (v) expect(v).not.toMatch(LATIN);
    expect(new Set(fa.deals.map((d) => d.team))).toEqual(new Set(['تهران', 'اصفهان', 'مشهد']));
  });

  it('keeps customers apart: distinct English names give distinct Persian names', () => {
    const names = new Map<string, string>();
    en.deals.forEach((d, i) => names.set(d.customerName!, fa.deals[i].customerName!));
    expect(new Set(names.values()).size).toBe(names.size);
    expect(persianText('Nordic Logistics Ltd')).toBe('پخش البرز (سهامی خاص)');
    expect(persianText('Nordic Logistics Ltd 12')).toBe('پخش البرز (سهامی خاص) ۱۲');
  });

  it('writes a config the product accepts: Persian locale, rials, Tehran time, Saturday weeks', () => {
    const cfg = parseConfig(faGregorian.config);
    expect(cfg).toMatchObject({ locale: 'fa-IR', currency: 'IRR', timeZone: 'Asia/Tehran', weekStartsOn: 6, companyName: 'داده\u200cکاوان پارس' });
    expect(faGregorian.config).not.toHaveProperty('calendar');
    expect(fa.config).toMatchObject({ calendar: 'jalali', locale: 'fa-IR' });
  });

  it('sets targets per Jalali fiscal year in rials, for the Tehran office by its Persian name', () => {
    const ids = new Set(fa.targets.map((t) => t.period));
    expect(ids).toEqual(new Set(['FY1404', 'FY1405', ...[1, 2, 3, 4].flatMap((q) => [`FY1404-Q${q}`, `FY1405-Q${q}`])]));
    expect(fa.targets.some((t) => t.scope === 'team=تهران')).toBe(true);
    const bookings1405 = fa.targets.find((t) => t.kpi === 'bookings' && t.period === 'FY1405' && !t.scope)!.target;
    expect(bookings1405 % 1000).toBe(0);
    expect(bookings1405).toBeGreaterThan(1e9);
    expect(faGregorian.targets.find((t) => t.kpi === 'bookings' && t.period === 'FY2026' && !t.scope)!.target).toBe(
      en.targets.find((t) => t.kpi === 'bookings' && t.period === 'FY2026' && !t.scope)!.target * RIAL_FACTOR,
    );
  });
});

describe('Jalali finance rows', () => {
  it('re-cuts the Gregorian rows into Jalali months and quarters without losing a rial', () => {
    const sum = (rows: { revenue?: number }[]) => rows.reduce((s, r) => s + (r.revenue ?? 0), 0);
    const gregorian = faGregorian.finance;
    expect(Math.abs(sum(fa.finance) - sum(gregorian))).toBeLessThan(fa.finance.length);
    const periods = fa.finance.map((f) => f.period);
    for (const p of periods) expect(p).toMatch(/^(FY14\d\d-Q[1-4]|14\d\d-(0[1-9]|1[0-2]))$/);
    // the last two Jalali years as months (1404-01 .. the current quarter's end 1405-09), older ones as quarters
    expect(periods).toContain('1404-01');
    expect(periods).toContain('1405-09');
    expect(periods).toContain('FY1403-Q4');
    expect(periods).not.toContain('FY1404-Q1');
    expect(new Set(periods).size).toBe(periods.length);
  });

  it('spreads a row evenly over its days: one Gregorian month over two Jalali months', () => {
    // 2026-03-01..31: 1404/12/10 .. 1405/01/11 -> 20 days of Esfand 1404 and 11 of Farvardin 1405
    const rows = jalaliFinance([{ period: '2026-03', revenue: 3100 }], '2026-11-22');
    expect(rows).toEqual([
      { period: '1404-12', revenue: 2000 },
      { period: '1405-01', revenue: 1100 },
    ]);
  });
});

describe('Jalali-dated upload files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fa-company-'));
    await writeCompany(fa, dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('formats dates as a local CRM does', () => {
    expect(fileDate('2024-04-03', 'jalali')).toBe('1403/01/15');
    expect(fileDate('2024-04-03', 'jalali-fa')).toBe('۱۴۰۳/۰۱/۱۵');
    expect(fileDate('2024-04-03', 'iso')).toBe('2024-04-03');
    expect(fileDate('not a date', 'jalali')).toBe('not a date');
  });

  it('writes deals and stage events with Jalali dates in Latin digits, split by Jalali year', () => {
    const files = readdirSync(join(dir, 'deals')).sort();
    expect(files.at(-1)).toBe('deals-1405.csv');
    for (const f of files) expect(f).toMatch(/^deals-14\d\d\.csv$/);
    const lines = readFileSync(join(dir, 'deals', files.at(-1)!), 'utf8').trim().split('\r\n');
    const header = lines[0].split(',');
    const created = header.indexOf('created_date');
    const dates = lines.slice(1).map((l) => l.split(',')[created]);
    const valid = dates.filter((d) => {
      const m = /^(\d{4})\/(\d{2})\/(\d{2})$/.exec(d);
      return m && isValidJalali(+m[1], +m[2], +m[3]);
    });
    // every date a real Jalali date, except the one planted impossible 30 Esfand of a common year
    expect(dates.length - valid.length).toBe(1);
    expect(dates.filter((d) => !valid.includes(d))).toEqual(['1404/12/30']);
    const events = readFileSync(join(dir, 'stage-events', 'stage-events.csv'), 'utf8').split('\r\n')[1];
    expect(events).toMatch(/,14\d\d\/\d\d\/\d\d$/);
  });

  it('writes survey dates with Persian digits, each the date of the response', () => {
    const lines = readFileSync(join(dir, 'surveys', 'surveys.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    const col = lines[0].split(',').indexOf('responded_date');
    const first = lines[1].split(',')[col];
    expect(first).toMatch(/^[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}$/);
    const latin = first.replace(/[۰-۹]/g, (c) => String('۰۱۲۳۴۵۶۷۸۹'.indexOf(c)));
    const [y, m, d] = latin.split('/').map(Number);
    expect(isoOfDay(dayOfJalali(y, m, d))).toBe(fa.surveys[0].respondedDate);
  });

  it('writes the Jalali finance periods into the finance workbook and the config beside the data', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'finance', 'finance.xlsx'));
    const periods = wb.worksheets[0].getColumn(1).values.slice(2);
    expect(periods).toContain('1405-08');
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toMatchObject({ calendar: 'jalali', locale: 'fa-IR', currency: 'IRR' });
  });
});
