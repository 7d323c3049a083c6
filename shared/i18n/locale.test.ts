import { describe, expect, it } from 'vitest';
import { formatSections, isLocaleId, localeOf, persianDigits, PERSIAN_DIGITS_TAG } from './locale';
import { knownCurrencies } from './money';
import { MESSAGES_EN, type MessageKey } from './messages-en';
import { MESSAGES_FA } from './messages-fa';

const en = localeOf('en');
const fa = localeOf('fa-IR');

describe('locales', () => {
  it('knows en and fa-IR; fa-IR is right to left with a font that has Persian glyphs', () => {
    expect(isLocaleId('fa-IR')).toBe(true);
    expect(isLocaleId('fa')).toBe(false);
    expect(en.rtl).toBe(false);
    expect(fa.rtl).toBe(true);
    expect(fa.font).toBe('Noto Sans Arabic');
  });
});

describe('numFmt', () => {
  it('leaves English formats alone', () => {
    expect(en.numFmt('#,##0')).toBe('#,##0');
  });
  it('prefixes every section with the Persian-digits tag, keeping quoted semicolons inside their section', () => {
    expect(fa.numFmt('#,##0')).toBe(`${PERSIAN_DIGITS_TAG}#,##0`);
    expect(fa.numFmt('+0.0" pp";-0.0" pp";0.0" pp"')).toBe('[$-3000429]+0.0" pp";[$-3000429]-0.0" pp";[$-3000429]0.0" pp"');
    expect(fa.numFmt('0" a;b"')).toBe('[$-3000429]0" a;b"');
    expect(formatSections('[Red]0;\\;0;"x;y"')).toEqual(['[Red]0', '\\;0', '"x;y"']);
  });
  it('does not tag a section twice', () => {
    expect(fa.numFmt(fa.numFmt('0;-0'))).toBe('[$-3000429]0;[$-3000429]-0');
  });
});

describe('digits and dates', () => {
  it('writes Persian digits, decimal and grouping signs', () => {
    expect(persianDigits('1,234.5 and 10%')).toBe('۱٬۲۳۴٫۵ and ۱۰٪');
    expect(fa.number(1234567.891, 1)).toBe('۱٬۲۳۴٬۵۶۷٫۹');
    expect(en.number(1234567.891, 1)).toBe('1,234,567.9');
  });
  it('shows dates as ISO in English and as Jalali with Persian digits in fa-IR', () => {
    expect(en.dateText('2026-11-22')).toBe('2026-11-22');
    expect(fa.dateText('2026-11-22')).toBe('۱۴۰۵/۰۹/۰۱');
    expect(fa.dateText('2024-03-20')).toBe('۱۴۰۳/۰۱/۰۱'); // Nowruz 1403
    expect(fa.dateText('2024-06-20')).toBe('۱۴۰۳/۰۳/۳۱');
    expect(fa.dateText('2025-03-20')).toBe('۱۴۰۳/۱۲/۳۰'); // 30 Esfand of the leap year 1403
  });
});

describe('period labels', () => {
  const q1 = { id: 'FY1403-Q1', kind: 'quarter' as const, start: '2024-03-20', end: '2024-06-20', toDate: false };
  it('names closed Jalali quarters and years as Iranian reports do', () => {
    expect(fa.periodLabel(q1)).toBe('سه\u200cماههٔ اول ۱۴۰۳');
    expect(fa.periodLabel({ id: 'FY1403-Q4', kind: 'quarter', start: '2024-12-21', end: '2025-03-20' })).toBe('سه\u200cماههٔ چهارم ۱۴۰۳');
    expect(fa.periodLabel({ id: 'FY1403', kind: 'year', start: '2024-03-20', end: '2025-03-20' })).toBe('سال مالی ۱۴۰۳');
  });
  it('names Gregorian fiscal quarters with their Gregorian year in Persian digits', () => {
    expect(fa.periodLabel({ id: 'FY2026-Q3', kind: 'quarter', start: '2026-07-01', end: '2026-09-30' })).toBe('سه\u200cماههٔ سوم ۲۰۲۶');
  });
  it('writes a to-date span as "N months/days ending on" its last day', () => {
    expect(fa.periodLabel({ ...q1, end: '2024-05-20', toDate: true })).toBe('۲ ماهه منتهی به ۱۴۰۳/۰۲/۳۱');
    expect(fa.periodLabel({ ...q1, end: '2024-05-04', toDate: true })).toBe('۴۶ روزه منتهی به ۱۴۰۳/۰۲/۱۵');
    expect(fa.periodLabel({ id: 'FY1403', kind: 'year', start: '2024-03-20', end: '2024-09-21', toDate: true })).toBe('۶ ماهه منتهی به ۱۴۰۳/۰۶/۳۱');
  });
  it('writes a span that is not a whole quarter in the same form even when not flagged to date', () => {
    expect(fa.periodLabel({ ...q1, end: '2024-04-19' })).toBe('۱ ماهه منتهی به ۱۴۰۳/۰۱/۳۱');
  });
  it('keeps the English labels the workbooks use', () => {
    expect(en.periodLabel(q1)).toBe('FY1403-Q1');
    expect(en.periodLabel({ ...q1, toDate: true })).toBe('FY1403-Q1 (QTD)');
    expect(en.periodLabel({ id: 'FY2026', kind: 'year', start: '2026-01-01', end: '2026-11-22', toDate: true })).toBe('FY2026 (YTD)');
  });
});

describe('words', () => {
  it('translates statuses, segments, groups and the default stages; keeps a company\'s own stage names', () => {
    expect(en.statusLabel('at_risk')).toBe('At risk');
    expect(fa.statusLabel('met')).toBe('محقق شد');
    expect(fa.segmentLabel('competitor_loyal')).toBe('وفادار به رقبا');
    expect(fa.groupLabel('finance')).toBe('مالی');
    expect(fa.stageLabel('Proposal')).toBe('ارائهٔ پیشنهاد');
    expect(fa.stageLabel('demo booked')).toBe('demo booked');
    expect(en.stageLabel('proposal')).toBe('proposal');
  });
  it('labels units in the locale, money by its symbol', () => {
    expect(en.unitLabel('money_per_day', 'USD')).toBe('USD per day');
    expect(fa.unitLabel('money', 'IRR')).toBe('ریال');
    expect(fa.unitLabel('days', 'IRR')).toBe('روز');
  });
});

describe('dir', () => {
  it('wraps Persian text in right-to-left marks and Latin text in a Persian sheet in left-to-right marks', () => {
    expect(fa.dir('سه‌ماههٔ اول ۱۴۰۳')).toBe('\u200fسه‌ماههٔ اول ۱۴۰۳\u200f');
    expect(fa.dir('-5 d')).toBe('\u200e-5 d\u200e');
    expect(fa.dir('۱۲۳')).toBe('۱۲۳');
  });
  it('leaves English text alone and isolates Persian names in an English sheet', () => {
    expect(en.dir('Q3 2026')).toBe('Q3 2026');
    expect(en.dir('شرکت آلفا')).toBe('\u200eشرکت آلفا\u200e');
  });
});

describe('money in every currency', () => {
  it('has a symbol, a placement and a number of decimals for every ISO 4217 code Intl knows', () => {
    const codes = knownCurrencies();
    expect(codes.length).toBeGreaterThan(100);
    for (const c of codes) {
      for (const loc of [en, fa]) {
        const m = loc.money(c);
        expect(m.symbol, c).not.toBe('');
        expect(m.symbol, c).not.toMatch(/[\u200e\u200f"]/);
        expect(m.decimals, c).toBeGreaterThanOrEqual(0);
        expect(m.numFmt(), c).toMatch(/#,##0/);
      }
    }
  });
});

describe('sheet names', () => {
  it('are ones Excel accepts in both languages: at most 31 characters, none of : \\ / ? * [ ], Persian in fa-IR', () => {
    const keys = (Object.keys(MESSAGES_EN) as MessageKey[]).filter((k) => k.startsWith('sheet.'));
    expect(keys.length).toBeGreaterThan(10);
    for (const k of keys) {
      for (const name of [MESSAGES_EN[k], MESSAGES_FA[k]]) {
        expect(name.length, k).toBeLessThanOrEqual(31);
        expect(name, k).not.toMatch(/[:\\/?*[\]]/);
      }
      expect(MESSAGES_FA[k], k).toMatch(/[\u0600-\u06FF]/);
    }
  });
});

describe('timestamps', () => {
  it('shows the wall clock of the configured zone, Jalali with Persian digits in fa-IR', () => {
    // 20:45 UTC on 2026-11-30 is 00:15 on 1 December in Tehran (UTC+3:30): the date moves too.
    expect(en.timestampText('2026-11-30T20:45:00Z', 'Asia/Tehran')).toBe('2026-12-01 00:15');
    expect(fa.timestampText('2026-11-30T20:45:00Z', 'Asia/Tehran')).toBe('۱۴۰۵/۰۹/۱۰ ۰۰:۱۵');
    expect(en.timestampText('2026-11-30T20:45:00Z', 'UTC')).toBe('2026-11-30 20:45');
    expect(fa.timestampText('soon', 'UTC')).toBe('soon');
  });
});
