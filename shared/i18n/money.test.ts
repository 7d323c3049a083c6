/**
 * Money for USD, EUR, JPY, INR and IRR: the workbook's number format and the terminal's
 * text come from one description, so they agree on symbol, placement and decimals.
 */
import { describe, expect, it } from 'vitest';
import { formatChange, formatValue } from '../../cli/summary';
import { changeFormat, valueFormat } from '../report/cells';
import { localeOf } from './locale';

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
