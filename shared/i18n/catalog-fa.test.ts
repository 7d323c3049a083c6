import { describe, expect, it } from 'vitest';
import { KPI_CATALOG, KPI_IDS } from '../engine/catalog';
import { DEFAULT_CONFIG } from '../config/config';
import { KPI_FA, STAGE_FA } from './catalog-fa';
import { localeOf } from './locale';

const fa = localeOf('fa-IR');
const PERSIAN_LETTER = /[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]/;

describe('the Persian KPI table', () => {
  it('has a label and a definition for every KPI of the catalog, and nothing else', () => {
    expect(Object.keys(KPI_FA).sort()).toEqual([...KPI_IDS].sort());
    for (const def of KPI_CATALOG) {
      expect(fa.kpiLabel(def.id), def.id).toMatch(PERSIAN_LETTER);
      expect(fa.kpiFormula(def.id), def.id).toMatch(PERSIAN_LETTER);
    }
  });
  it('gives every KPI its own label', () => {
    const labels = KPI_IDS.map((id) => fa.kpiLabel(id));
    expect(new Set(labels).size).toBe(labels.length);
  });
  it('writes numbers in definitions with Persian digits and Persian letters (ی ک, not Arabic ي ك)', () => {
    for (const id of KPI_IDS) {
      const t = `${fa.kpiLabel(id)} ${fa.kpiFormula(id)}`;
      expect(t, id).not.toMatch(/[0-9\u0660-\u0669\u064a\u0643]/);
    }
  });
  it('uses the terms Iranian finance and sales teams use', () => {
    expect(fa.kpiLabel('churn_rate')).toBe('نرخ ریزش مشتری');
    expect(fa.kpiLabel('clv')).toBe('ارزش طول عمر مشتری');
    expect(fa.kpiLabel('nps')).toBe('امتیاز خالص مروجان');
  });
  it('translates every stage of the default pipeline and the terminal ones', () => {
    for (const s of [...DEFAULT_CONFIG.stages, 'won', 'lost']) expect(STAGE_FA[s], s).toMatch(PERSIAN_LETTER);
  });
  it('falls back to the English catalog in the en locale', () => {
    expect(localeOf('en').kpiLabel('churn_rate')).toBe('Churn rate');
    expect(localeOf('en').kpiFormula('win_rate')).toBe(KPI_CATALOG.find((k) => k.id === 'win_rate')!.formula);
  });
});
