import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REASONS_FA, reasonText } from './reasons-fa';

const ENGINE = join(__dirname, '..', 'engine');
const ENGINE_FILES = readdirSync(ENGINE)
  .filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))
  .map((n) => join(ENGINE, n));
/** The report's own English note on a review period (shown like a reason). */
const REPORT_FILES = [join(__dirname, '..', 'report', 'periods.ts')];

/**
 * Every reason the engine source can produce, as a template with `{}` for each
 * `${...}`: the string literals on the lines that make a null value (`nul(`, `div(`),
 * set a `reason`, a `note` or a finance issue `message`, and the `'no ...'` texts kept in a
 * constant first. Words of one token ('revenue', 'met') are parts, not reasons.
 */
function engineReasons(): Set<string> {
  const out = new Set<string>();
  for (const f of [...ENGINE_FILES, ...REPORT_FILES]) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      if (/^\s*(\/\/|\*|\/\*)/.test(line)) continue;
      const templates = [...line.matchAll(/`([^`]*)`/g)].map((m) => m[1].replace(/\$\{[^}]*\}/g, '{}'));
      const quoted = [...line.replace(/`[^`]*`/g, '').matchAll(/'([^'\n]*)'/g)].map((m) => m[1]);
      const producing = /\b(nul|div)\(|reason|note =|note:|message:/.test(line);
      for (const s of [...templates.filter((x) => x.includes(' ')), ...quoted.filter((x) => /[a-z]+ [a-z]+/i.test(x))]) {
        if (producing || /^no /.test(s)) out.add(s);
      }
    }
  }
  return out;
}

const shape = (template: string) => template.replace(/\{\w*\}/g, '{}');

describe('Persian engine reasons', () => {
  it('has an entry for every reason the engine source produces', () => {
    const found = engineReasons();
    // the extraction itself still finds the kinds of reasons there are (fixed, composed, nested)
    expect(found).toContain('no deals won in period');
    expect(found).toContain('win rate unavailable: {}');
    expect(found).toContain('crm_cost present for {} of the 12 quarters {}..{}');
    const known = new Set(Object.keys(REASONS_FA).map(shape));
    expect([...found].filter((r) => !known.has(r))).toEqual([]);
  });

  it('has no entry the engine no longer produces', () => {
    const found = engineReasons();
    expect(Object.keys(REASONS_FA).filter((k) => !found.has(shape(k)))).toEqual([]);
  });

  it('writes every entry in Persian', () => {
    for (const [en, fa] of Object.entries(REASONS_FA)) {
      const words = (t: string) => t.replace(/\{\w+\}/g, '');
      if (/[a-z]/i.test(words(en))) expect(fa, en).toMatch(/[\u0600-\u06FF]/);
      // Latin letters only as ids and acronyms in parentheses or as names: CRM, NPS, crm_cost, crmGoLive
      expect(words(fa).match(/[A-Za-z][A-Za-z_]*(?: [a-z][A-Za-z_]*)+/g), en).toBeNull();
      expect(fa.match(/\{\w+\}/g)?.sort(), en).toEqual(en.match(/\{\w+\}/g)?.sort());
    }
  });

  it('keeps the English text in English workbooks and for a reason it does not know', () => {
    expect(reasonText('en', 'no deals won in period')).toBe('no deals won in period');
    expect(reasonText('fa-IR', 'a reason added later')).toBe('a reason added later');
  });

  it('translates composed reasons part by part: nested reasons, Persian digits, Jalali dates, ids in direction marks', () => {
    expect(reasonText('fa-IR', 'win rate unavailable: no deals closed in period')).toBe(
      `${REASONS_FA['win rate unavailable: {reason}'].replace('{reason}', REASONS_FA['no deals closed in period'])}`,
    );
    const tco = reasonText('fa-IR', 'crm_cost present for 3 of the 12 quarters FY2026-Q1..FY2028-Q4');
    expect(tco).toContain('۳');
    expect(tco).toContain('\u200EFY2026-Q1\u200E');
    expect(tco).not.toMatch(/present|quarters/);
    // 2025-10-01 is 9 Mehr 1404
    expect(reasonText('fa-IR', 'no data before 2025-10-01: FY2025-Q4 is not covered')).toMatch(/۱۴۰۴/);
    const nested = reasonText('fa-IR', 'baseline cost_to_serve needs the 4 quarters before go-live (FY2025-Q2: no finance data)');
    expect(nested).toContain(REASONS_FA['no finance data']);
    expect(nested).not.toMatch(/needs|quarters/);
    expect(reasonText('fa-IR', 'FY2026-Q2 savings: no service_cost in finance data')).not.toMatch(/savings| in finance/);
    expect(reasonText('fa-IR', 'pipeline_velocity is not computed per team (only the pipeline and sales KPIs are)')).toMatch(/^سرعت|قیف/);
  });
});

describe('the review note when no closed period has data', () => {
  it('names the period kind, the periods and the Jalali dates in Persian', () => {
    const fa = reasonText('fa-IR', 'No closed fiscal year has data yet (FY2025 ended 2025-12-31, before the earliest data): this review shows FY2026 to date (2026-01-01 to 2026-11-22).');
    expect(fa).toContain('سال مالیِ');
    expect(fa).toContain('\u200EFY2025\u200E');
    // 2026-11-22 is 1 Azar 1405
    expect(fa).toContain('۱۴۰۵/۰۹/۰۱');
    expect(fa).not.toMatch(/closed|review|to date/);
  });
});
