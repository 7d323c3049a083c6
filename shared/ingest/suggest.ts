/**
 * The config `columns` entry that would fix a file missing required columns: each missing column
 * paired with the file's unused header that looks most like it ("Opportunity Ref" for deal_id),
 * else a placeholder. Shown in the whole-file error, so the user can copy it into config.json.
 */
import type { DatasetName } from '../model/types';

const SYNONYMS: Record<string, readonly string[]> = {
  deal: ['deal', 'opportunity', 'opp'],
  customer: ['customer', 'account', 'company', 'organization', 'organisation', 'client'],
  response: ['response', 'answer', 'survey'],
  id: ['id', 'ref', 'reference', 'number', 'no', 'key', 'code'],
  created: ['created', 'create', 'opened', 'open', 'start'],
  responded: ['responded', 'submitted', 'answered'],
  closed: ['closed', 'close', 'won', 'lost'],
  entered: ['entered', 'enter', 'changed'],
  date: ['date', 'on', 'time', 'day', 'at'],
  status: ['status', 'state', 'phase', 'outcome'],
  stage: ['stage', 'phase', 'step'],
  amount: ['amount', 'value', 'revenue', 'price', 'total', 'size'],
  period: ['period', 'quarter', 'month', 'year'],
  kpi: ['kpi', 'metric', 'measure'],
  target: ['target', 'goal', 'quota'],
};

const words = (s: string) => s.toLowerCase().split(/[^\p{L}\p{N}#]+/u).filter(Boolean);

function score(column: string, header: string): number {
  const hw = new Set(words(header));
  let n = 0;
  for (const part of column.split('_')) if ((SYNONYMS[part] ?? [part]).some((w) => hw.has(w))) n++;
  return n;
}

export function suggestColumns(dataset: DatasetName, missing: readonly string[], unused: readonly string[]): string {
  const taken = new Set<string>();
  const entries: [string, string][] = [];
  for (const m of missing) {
    let best: string | undefined;
    let bestScore = 0;
    for (const h of unused) {
      if (taken.has(h)) continue;
      const s = score(m, h);
      if (s > bestScore) {
        best = h;
        bestScore = s;
      }
    }
    if (best !== undefined) taken.add(best);
    entries.push([best ?? `<your header for ${m}>`, m]);
  }
  return JSON.stringify({ columns: { [dataset]: Object.fromEntries(entries) } });
}
