/**
 * Money for USD, EUR, JPY, INR and IRR: the workbook's number format and the terminal's
 * text come from one description, so they agree on symbol, placement and decimals.
 */
import { describe, expect, it } from 'vitest';
import { formatChange, formatValue } from '../../cli/summary';
import { changeFormat, valueFormat } from '../report/cells';
import { localeOf } from './locale';
import { moneyScale } from './money';

const en = localeOf('en');
const fa = localeOf('fa-IR');

describe('English money formats (workbook and terminal)', () => {
  const cases: [string, string, string, string, number][] = [
    // currency, workbook format, terminal text of 1 412 230, exact workbook format, minor digits
    ['USD', '"$"#,##0', '$1,412,230', '"$"#,##0.00', 2],
    ['EUR', '"€"#,##0', '€1,412,230', '"€"#,##0.00', 2],
    ['JPY', '"¥"#,##0', '¥1,412,230', '"¥"#,##0', 0],
    ['INR', '"₹"#,##0', '₹1,412,230', '"₹"#,##0.00', 2],
    ['IRR', '"IRR "#,##0', 'IRR 1,412,230', '"IRR "#,##0', 0],
  ];
  for (const [c, fmt, text, exact, decimals] of cases) {
    it(`${c}: ${fmt} in the workbook, ${text} in the terminal`, () => {
      expect(valueFormat({ unit: 'money' }, c)).toBe(fmt);
      expect(formatValue(1412230, 'money', c)).toBe(text);
      expect(en.money(c).numFmt({ exact: true })).toBe(exact);
      expect(en.money(c).decimals).toBe(decimals);
    });
  }
  it('shows the same sign and symbol order for changes in the workbook and the terminal', () => {
    expect(changeFormat({ unit: 'money' }, 'INR')).toBe('+"₹"#,##0;-"₹"#,##0;"₹"#,##0');
    expect(formatChange(-287490, 'money', 'INR')).toBe('-₹287,490');
    expect(formatChange(287490, 'money', 'IRR')).toBe('+IRR 287,490');
    expect(en.money('JPY').text(-1234.6, { exact: true })).toBe('-¥1,235');
    expect(en.money('USD').text(-1234.567, { exact: true })).toBe('-$1,234.57');
  });
  it('puts an amount per day and a currency with a code symbol in one quoted literal', () => {
    expect(valueFormat({ unit: 'money_per_day' }, 'USD')).toBe('"$"#,##0" / day"');
    expect(valueFormat({ unit: 'money_per_day' }, 'CHF')).toBe('"CHF "#,##0" / day"');
    expect(formatValue(5120, 'money_per_day', 'CHF')).toBe('CHF 5,120/day');
  });
});

describe('Persian money formats', () => {
  it('writes the symbol after the amount, with Persian digits in the workbook and in text', () => {
    expect(valueFormat({ unit: 'money' }, 'IRR', fa)).toBe('[$-3000429]#,##0" ریال"');
    expect(fa.money('IRR').text(1412230)).toBe('۱٬۴۱۲٬۲۳۰ ریال');
    expect(valueFormat({ unit: 'money' }, 'USD', fa)).toBe('[$-3000429]#,##0" $"');
    expect(fa.money('INR').text(-287490)).toBe('-۲۸۷٬۴۹۰ ₹');
    expect(fa.money('JPY').decimals).toBe(0);
    expect(valueFormat({ unit: 'money_per_day' }, 'IRR', fa)).toBe('[$-3000429]#,##0" ریال در روز"');
  });
  it('signs each section of a change and tags each with Persian digits', () => {
    expect(changeFormat({ unit: 'money' }, 'IRR', fa)).toBe('[$-3000429]+#,##0" ریال";[$-3000429]-#,##0" ریال";[$-3000429]#,##0" ریال"');
    expect(changeFormat({ unit: 'days' }, 'IRR', fa)).toBe('[$-3000429]+0.0" روز";[$-3000429]-0.0" روز";[$-3000429]0.0" روز"');
  });
});

describe('large amounts at default widths', () => {
  it('keeps at most 7 integer digits: rial totals in millions, dollar totals as they are', () => {
    expect(moneyScale(9_999_999)).toBe(0);
    expect(moneyScale(10_000_000)).toBe(3);
    expect(moneyScale(180_782_000_000)).toBe(6);
    expect(moneyScale(-2.5e16)).toBe(9);
    expect(moneyScale(null)).toBe(0);
  });
  it('shows rial totals in millions in the workbook and the text alike', () => {
    const k = { unit: 'money' as const, maxAbs: 180_782_000_000 };
    expect(valueFormat(k, 'IRR')).toBe('"IRR "#,##0,,"M"');
    expect(en.money('IRR').text(180_782_000_000, { scale: 6 })).toBe('IRR 180,782M');
    expect(valueFormat(k, 'IRR', fa)).toBe('[$-3000429]#,##0,," میلیون ریال"');
    expect(fa.money('IRR').text(180_782_000_000, { scale: 6 })).toBe('۱۸۰٬۷۸۲ میلیون ریال');
    expect(valueFormat(k, 'CHF')).toBe('"CHF "#,##0,,"M"');
    expect(changeFormat(k, 'USD')).toBe('+"$"#,##0,,"M";-"$"#,##0,,"M";"$"#,##0,,"M"');
    expect(valueFormat({ unit: 'money_per_day', maxAbs: 2_308_070_840 }, 'IRR')).toBe('"IRR "#,##0,"K / day"');
    expect(valueFormat({ unit: 'money', maxAbs: 1_807_820 }, 'USD')).toBe('"$"#,##0');
  });
});
