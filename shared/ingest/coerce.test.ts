import { describe, expect, it } from 'vitest';
import { dateFromSerial, dateParser, matchEnum, normalizeDigits, normalizeHeader, parseDate, parseNumber, type NumberConvention } from './coerce';

const num = (s: string, convention: NumberConvention = 'point', percent = false) => {
  const r = parseNumber(s, { convention, percent });
  return r.ok ? r.value : `error: ${r.reason}`;
};

describe('parseNumber', () => {
  it('reads plain decimals, signs and scientific notation', () => {
    expect(num('42')).toBe(42);
    expect(num(' 42.5 ')).toBe(42.5);
    expect(num('-3')).toBe(-3);
    expect(num('+3')).toBe(3);
    expect(num('.5')).toBe(0.5);
    expect(num('1.5E+06')).toBe(1_500_000);
    expect(num('(1,200.00)')).toBe(-1200);
  });

  it('strips currency symbols and ISO codes', () => {
    expect(num('$1,200.50')).toBe(1200.5);
    expect(num('€ 99')).toBe(99);
    expect(num('£750')).toBe(750);
    expect(num('-$12')).toBe(-12);
    expect(num('USD 2,000')).toBe(2000);
    expect(num('2000 EUR')).toBe(2000);
    expect(num('1 200 ﷼')).toBe(1200);
  });

  it('converts Persian and Arabic digits and separators', () => {
    expect(num('۱۲۰۰')).toBe(1200);
    expect(num('٣٠٠')).toBe(300);
    expect(num('۱٬۲۵۰٫۵')).toBe(1250.5);
    // Arabic separators are explicit: even in an "either" file there is no ambiguity
    expect(num('١٢٫٥٠٠', 'either')).toBe(12.5);
  });

  it('accepts thousands separators only in groups of three', () => {
    expect(num('1,234,567')).toBe(1_234_567);
    expect(num('1,234,567.89')).toBe(1_234_567.89);
    expect(num('1 234 567')).toBe(1_234_567);
    expect(num("1'234.5")).toBe(1234.5);
    expect(num('12,34,567')).toMatch(/^error: .*group by three/);
    expect(num('1.2.3', 'comma')).toMatch(/^error: /);
  });

  it('reads decimal commas where unambiguous, whatever the file', () => {
    expect(num('1.234,56', 'point')).toBe(1234.56);
    expect(num('1234,56', 'point')).toBe(1234.56);
    expect(num('0,125', 'point')).toBe(0.125);
    expect(num('99,9', 'either')).toBe(99.9);
    expect(num('1 234,5', 'either')).toBe(1234.5);
  });

  it('settles "1,234" / "12.500" by the file convention, and refuses to guess in tab files', () => {
    expect(num('1,234', 'point')).toBe(1234);
    expect(num('12.500', 'point')).toBe(12.5);
    expect(num('1,234', 'comma')).toBe(1.234);
    expect(num('12.500', 'comma')).toBe(12500);
    expect(num('1,234', 'either')).toMatch(/^error: .*ambiguous/);
    expect(num('12.500', 'either')).toMatch(/^error: .*ambiguous/);
    expect(num('0.750', 'either')).toBe(0.75);
  });

  it('takes percentages only where allowed', () => {
    expect(num('45%', 'point', true)).toBeCloseTo(0.45, 12);
    expect(num('45%')).toMatch(/^error: .*percentage/);
  });

  it('rejects text', () => {
    expect(num('abc')).toMatch(/^error: "abc" is not a number/);
    expect(num('12abc')).toMatch(/^error: /);
    expect(num('$')).toMatch(/^error: /);
    expect(num('1-2')).toMatch(/^error: /);
  });
});

describe('parseDate', () => {
  const iso = { dateFormat: 'iso' as const, timeZone: 'UTC' };
  const date = (s: string, opts: Partial<typeof iso> | { dateFormat: string } = {}) => {
    const r = parseDate(s, { ...iso, ...opts } as Parameters<typeof parseDate>[1]);
    return r.ok ? r.value : `error: ${r.reason}`;
  };

  it('reads ISO dates and checks the calendar', () => {
    expect(date('2026-03-05')).toBe('2026-03-05');
    expect(date('2026-3-5')).toBe('2026-03-05');
    expect(date('2028-02-29')).toBe('2028-02-29');
    expect(date('2026-02-29')).toMatch(/^error: .*day 29 does not exist/);
    expect(date('2026-13-01')).toMatch(/^error: .*no month 13/);
    expect(date('۲۰۲۶-۰۶-۰۱')).toBe('2026-06-01');
  });

  it('converts timestamps with an offset to the reporting time zone, keeps local ones', () => {
    expect(date('2026-03-01T23:30:00Z')).toBe('2026-03-01');
    expect(date('2026-03-01T23:30:00Z', { timeZone: 'Asia/Tehran' })).toBe('2026-03-02');
    expect(date('2026-03-01T01:00:00+02:00', { timeZone: 'UTC' })).toBe('2026-02-28');
    expect(date('2026-03-01T10:00:00.123-0500', { timeZone: 'Asia/Tokyo' })).toBe('2026-03-02');
    expect(date('2026-03-01 23:30:00', { timeZone: 'Asia/Tehran' })).toBe('2026-03-01');
  });

  it('accepts day-first / month-first strings only when config dateFormat names the format', () => {
    expect(date('05/03/2026')).toMatch(/^error: .*config key dateFormat/);
    expect(date('05/03/2026', { dateFormat: 'DD/MM/YYYY' })).toBe('2026-03-05');
    expect(date('05/03/2026', { dateFormat: 'MM/DD/YYYY' })).toBe('2026-05-03');
    expect(date('31.12.2025 14:30', { dateFormat: 'DD/MM/YYYY' })).toBe('2025-12-31');
    expect(date('12/31/2025 2:30 PM', { dateFormat: 'MM/DD/YYYY' })).toBe('2025-12-31');
    expect(date('31/12/2025', { dateFormat: 'MM/DD/YYYY' })).toMatch(/^error: .*no month 31/);
  });

  it('accepts Excel serial numbers only with dateFormat excel-serial', () => {
    expect(date('46023')).toMatch(/^error: .*Excel serial.*excel-serial/);
    expect(date('46023', { dateFormat: 'excel-serial' })).toBe('2026-01-01');
    expect(date('46023.75', { dateFormat: 'excel-serial' })).toBe('2026-01-01');
    expect(date('61', { dateFormat: 'excel-serial' })).toBe('1900-03-01');
    const d1904 = dateFromSerial(0, '0', true);
    expect(d1904.ok && d1904.value).toBe('1904-01-01');
  });

  it('explains years outside the Gregorian range', () => {
    expect(date('1299-03-12')).toBe('error: "1299-03-12": year 1299 is out of range 1900-2999');
    expect(date('12/03/1405', { dateFormat: 'DD/MM/YYYY' })).toMatch(/^error: .*Solar Hijri date\? write it year first/);
    expect(date('not a date')).toMatch(/^error: "not a date" is not a date/);
  });
});

describe('parseDate: Solar Hijri (Jalali) text dates, in every calendar setting', () => {
  const opts = [
    { dateFormat: 'iso' as const, timeZone: 'UTC' },
    { dateFormat: 'DD/MM/YYYY' as const, timeZone: 'Asia/Tehran' },
    { dateFormat: 'excel-serial' as const, timeZone: 'America/New_York' },
  ];
  const date = (s: string, o = opts[0]) => {
    const r = parseDate(s, o);
    return r.ok ? r.value : `error: ${r.reason}`;
  };

  it('a year-first date with a year 1300-1499 is Jalali: Latin, Persian and Arabic digits, /, - and . separators', () => {
    // 15 Farvardin 1403 = 2024-04-03 (Nowruz 1403 was 2024-03-20)
    for (const o of opts) {
      for (const s of ['1403/01/15', '1403-01-15', '1403.01.15', '1403/1/15', '۱۴۰۳/۰۱/۱۵', '١٤٠٣/٠١/١٥', '۱۴۰۳.۰۱.۱۵']) {
        expect(date(s, o)).toBe('2024-04-03');
      }
      expect(date('١٤٠٣-١-٥', o)).toBe('2024-03-24');
    }
    expect(date('1405-03-12')).toBe('2026-06-02');
    expect(date('1499/12/29')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(date('1500/01/01')).toBe('error: "1500/01/01": year 1500 is out of range 1900-2999');
  });

  it('with a time: the date part (a wall-clock time has no zone to convert from)', () => {
    expect(date('1403/01/15 14:30')).toBe('2024-04-03');
    expect(date('1403-01-15T09:05:00')).toBe('2024-04-03');
    expect(date('۱۴۰۳/۰۱/۱۵ ۲۳:۵۹:۵۹', opts[2])).toBe('2024-04-03');
    expect(date('1403/01/15 25:00')).toBe('error: "1403/01/15 25:00" is not a valid time');
  });

  it('invisible direction marks around and inside the date are ignored', () => {
    for (const mark of ['\u200E', '\u200F', '\u061C', '\u202A', '\u202B', '\u202E', '\u2066', '\u2067', '\u2069']) {
      expect(date(`${mark}1403/01/15${mark}`)).toBe('2024-04-03');
      expect(date(`${mark}۱۴۰۳${mark}/۰۱/۱۵\u202C`)).toBe('2024-04-03');
    }
    expect(date('\u200F2026-03-05')).toBe('2026-03-05');
  });

  it('an impossible Jalali date is a row error saying why', () => {
    expect(date('1403/12/30')).toBe('2025-03-20'); // 1403 is a leap year: 30 Esfand exists
    expect(date('1404/12/30')).toBe('error: "1404/12/30" is not a date: Esfand 1404 has 29 days');
    expect(date('\u200F۱۴۰۴/۱۲/۳۰')).toBe('error: "۱۴۰۴/۱۲/۳۰" is not a date: Esfand 1404 has 29 days');
    expect(date('1403/07/31')).toBe('error: "1403/07/31" is not a date: Mehr 1403 has 30 days');
    expect(date('1403/13/01')).toBe('error: "1403/13/01" is not a date: there is no month 13');
    expect(date('1403/01/00')).toBe('error: "1403/01/00" is not a date: Farvardin 1403 has 31 days');
  });

  it('the memoised parser gives the same results', () => {
    const parse = dateParser(opts[0]);
    for (const s of ['1403/01/15', '۱۴۰۳/۰۱/۱۵', '1404/12/30', '1403/01/15', '\u200F1403.01.15']) expect(parse(s)).toEqual(parseDate(s, opts[0]));
  });
});

describe('dateParser (parseDate with a memo per file)', () => {
  const inputs = ['2026-03-05', '2026-3-5', ' 2026-03-05 ', '2026-02-29', '05/03/2026', '2026-03-01T23:30:00Z', '46023', 'not a date'];

  it('gives the same result as parseDate, for repeated texts too, in every configuration', () => {
    for (const opts of [
      { dateFormat: 'iso' as const, timeZone: 'UTC' },
      { dateFormat: 'DD/MM/YYYY' as const, timeZone: 'Asia/Tehran' },
      { dateFormat: 'excel-serial' as const, timeZone: 'America/New_York' },
    ]) {
      const parse = dateParser(opts);
      for (let pass = 0; pass < 2; pass++) {
        for (const s of inputs) expect(parse(s)).toEqual(parseDate(s, opts));
      }
    }
  });

  it('stays right beyond its memo size', () => {
    const opts = { dateFormat: 'iso' as const, timeZone: 'UTC' };
    const parse = dateParser(opts, 2);
    for (let pass = 0; pass < 2; pass++) {
      for (const s of inputs) expect(parse(s)).toEqual(parseDate(s, opts));
    }
  });
});

describe('names and enums', () => {
  it('ignores case, spaces, - and _ in headers', () => {
    for (const h of ['Deal ID', 'deal-id', 'DEAL_ID', ' deal id ', 'Deal\u00A0Id']) expect(normalizeHeader(h)).toBe('dealid');
  });

  it('matches enums without regard to case and surrounding spaces', () => {
    expect(matchEnum(' Won ', ['open', 'won', 'lost'])).toBe('won');
    expect(matchEnum('Cross-Sell', ['new', 'cross_sell'])).toBe('cross_sell');
    expect(matchEnum('pending', ['open', 'won', 'lost'])).toBeNull();
    expect(matchEnum('open', ['open', 'won', 'lost'])).toBe('open');
  });

  it('maps only digits and Arabic separators', () => {
    expect(normalizeDigits('ID-۱۲ abc')).toBe('ID-12 abc');
  });
});
