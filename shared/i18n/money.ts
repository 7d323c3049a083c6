/**
 * Money formats for every ISO 4217 currency `Intl` knows (and a readable fallback for
 * a well-formed code it does not): the symbol, where it goes, the space between, and
 * the currency's minor-unit digits (USD 2, JPY 0, IRR 0, KWD 3), all taken from
 * `Intl.NumberFormat` (ICU/CLDR) so nothing is listed by hand.
 *
 * One description drives both the workbook's Excel number format and the terminal's
 * text, so `$1,412,230` in the terminal is `"$"#,##0` in the workbook, `₹` for INR,
 * `IRR 1,234,000` for the rial in English.
 *
 * Locales: `en` follows CLDR's en-US pattern. `fa-IR` takes CLDR's Persian symbol
 * (ریال, $, €) and always writes it AFTER the number in reading order (۱۲٬۵۰۰ ریال),
 * as Persian text names an amount; see docs/decisions/locale.md.
 */

/** The bidi controls ICU puts around Persian currency patterns; a workbook cell must not carry them. */
const BIDI_MARKS = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;

export interface MoneyStyle {
  /** ISO 4217 code, upper case. */
  code: string;
  /** `$`, `€`, `₹`, `CHF`, `IRR` (en) or `ریال` (fa-IR). */
  symbol: string;
  /** True when the symbol comes before the number in reading order. */
  before: boolean;
  /** True when a space separates symbol and number (`CHF 1,200`, `1,200 ریال`). */
  space: boolean;
  /** The currency's minor-unit digits (ICU): USD 2, JPY 0, IRR 0, KWD 3. */
  decimals: number;
  /** Words for amounts shown in thousands, millions, billions: `K M B` (en), `هزار میلیون میلیارد` (fa-IR). */
  scaleWords: Readonly<Record<MoneyScale, string>>;
  /** A space between the number and a scale word: `۱۸۰ میلیون` (fa-IR) but `180M` (en). */
  scaleGap: boolean;
}

/** Amounts shown as they are (0) or in thousands (3), millions (6), billions (9). */
export type MoneyScale = 0 | 3 | 6 | 9;

const SCALE_WORDS = {
  'en-US': { 0: '', 3: 'K', 6: 'M', 9: 'B' },
  'fa-IR': { 0: '', 3: 'هزار', 6: 'میلیون', 9: 'میلیارد' },
} as const;

/**
 * The scale at which the largest amount of a column keeps at most 7 integer digits, so
 * it fits a column at default widths: rial totals (about 10^11) show in millions, as
 * Iranian reports do ("میلیون ریال"); dollar totals up to 9,999,999 stay as they are.
 */
export function moneyScale(maxAbs: number | null | undefined): MoneyScale {
  const m = typeof maxAbs === 'number' && Number.isFinite(maxAbs) ? Math.abs(maxAbs) : 0;
  for (const e of [0, 3, 6] as const) if (Math.round(m / 10 ** e) < 1e7) return e;
  return 9;
}

export interface MoneyFormatOptions {
  /** Show the currency's minor unit (cents); default false: whole units, as KPI totals are shown. */
  exact?: boolean;
  /** An explicit `+` on positive values (changes). */
  signed?: boolean;
  /** Show the amount in thousands, millions or billions (see moneyScale); whole units of that scale. */
  scale?: MoneyScale;
}

const cache = new Map<string, MoneyStyle>();

/** The money style of a currency in an Intl locale (`en-US`, `fa-IR`). */
export function moneyStyle(currency: string, intlLocale: 'en-US' | 'fa-IR'): MoneyStyle {
  const code = currency.toUpperCase();
  const key = `${intlLocale}:${code}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let style: MoneyStyle;
  try {
    const f = new Intl.NumberFormat(intlLocale, { style: 'currency', currency: code });
    const parts = f.formatToParts(1234.5);
    const ci = parts.findIndex((p) => p.type === 'currency');
    const ii = parts.findIndex((p) => p.type === 'integer');
    const symbol = parts[ci].value.replace(BIDI_MARKS, '').trim() || code;
    const between = ci < ii ? parts.slice(ci + 1, ii) : parts.slice(parts.findLastIndex((p) => p.type === 'integer' || p.type === 'fraction') + 1, ci);
    const decimals = f.resolvedOptions().maximumFractionDigits ?? 2;
    const scaleWords = SCALE_WORDS[intlLocale];
    style =
      intlLocale === 'fa-IR'
        ? { code, symbol, before: false, space: true, decimals, scaleWords, scaleGap: true }
        : { code, symbol, before: ci < ii, space: between.some((p) => /\s/.test(p.value.replace(BIDI_MARKS, ''))), decimals, scaleWords, scaleGap: false };
  } catch {
    // A well-formed code ICU does not know (config accepts any [A-Z]{3}): the code after the number.
    style = { code, symbol: code, before: false, space: true, decimals: 2, scaleWords: SCALE_WORDS[intlLocale], scaleGap: intlLocale === 'fa-IR' };
  }
  cache.set(key, style);
  return style;
}

/** Digits of a number format: `#,##0`, `#,##0.00` for the currency's minor unit, `#,##0,,` in millions. */
export function moneyDigits(style: MoneyStyle, o: Pick<MoneyFormatOptions, 'exact' | 'scale'> = {}): string {
  const scale = o.scale ?? 0;
  const d = o.exact && !scale ? style.decimals : 0;
  return (d > 0 ? `#,##0.${'0'.repeat(d)}` : '#,##0') + ','.repeat(scale / 3);
}

/** The symbol with its scale word: `M CHF`, `میلیون ریال`; `$` and `M` apart when the symbol comes first. */
function scaled(style: MoneyStyle, scale: MoneyScale): { lead: string; trail: string } {
  const sp = style.space ? ' ' : '';
  const word = style.scaleWords[scale];
  const sym = style.symbol.replace(/"/g, '');
  if (style.before) return { lead: `${sym}${sp}`, trail: word };
  // After the number: "180,782M CHF" in English, "۱۸۰٬۷۸۲ میلیون ریال" in Persian.
  const gap = style.scaleGap ? ' ' : '';
  return { lead: '', trail: word ? `${gap}${word}${sp}${sym}` : `${sp}${sym}` };
}

/** Puts the symbol around a number-format body: `"$"#,##0`, `"CHF "#,##0`, `#,##0" ریال"`, `"$"#,##0,,"M"`. */
export function withSymbol(style: MoneyStyle, body: string, scale: MoneyScale = 0): string {
  const { lead, trail } = scaled(style, scale);
  return `${lead ? `"${lead}"` : ''}${body}${trail ? `"${trail}"` : ''}`;
}

/** Appends literal text to a number-format section, merged into a trailing quoted literal: `#,##0" CHF / day"`. */
export function appendLiteral(fmt: string, text: string): string {
  const t = text.replace(/"/g, '');
  return fmt.endsWith('"') ? `${fmt.slice(0, -1)}${t}"` : `${fmt}"${t}"`;
}

/**
 * The Excel number format of an amount. Unsigned: one section (Excel puts the minus
 * before the symbol: `-$1,200`, as the terminal does). Signed: `+`, `-` and zero sections.
 */
export function moneyNumFmt(style: MoneyStyle, o: MoneyFormatOptions = {}): string {
  const body = withSymbol(style, moneyDigits(style, o), o.scale);
  return o.signed ? `+${body};-${body};${body}` : body;
}

/** The same amount as text (terminal, messages): `-$1,200`, `₹287,490`, `IRR 1,234,000`. */
export function moneyText(style: MoneyStyle, v: number, o: MoneyFormatOptions & { digits?: (n: number, decimals: number) => string } = {}): string {
  const scale = o.scale ?? 0;
  const d = o.exact && !scale ? style.decimals : 0;
  const digits = o.digits ?? latinDigits;
  const n = digits(Math.abs(v) / 10 ** scale, d);
  const { lead, trail } = scaled(style, scale);
  const body = `${lead}${n}${trail}`;
  const sign = v < 0 && n.replace(/[^1-9\u06f1-\u06f9]/g, '') !== '' ? '-' : o.signed && v > 0 ? '+' : '';
  return `${sign}${body}`;
}

/** `1,234,567.89` with a fixed number of decimals (en-US grouping). */
export function latinDigits(n: number, decimals: number): string {
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(n);
}

/** Every ISO 4217 code this runtime's Intl knows. */
export function knownCurrencies(): string[] {
  return Intl.supportedValuesOf('currency');
}
