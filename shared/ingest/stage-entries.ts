/**
 * Stage-entry date columns of a deals export (HubSpot "Date entered <stage>") -> stage events.
 */
import type { IsoDate, RowIssue, StageEvent } from '../model/types';
import { dateFromCell, dateFromSerial, type Coerced } from './coerce';
import type { CellValue, RawRow } from './types';
import { displayCell, isBlank, truncateValue } from './validate';

export class StageEntryReader {
  constructor(
    private readonly columns: readonly { index: number; stage: string; label: string }[],
    private readonly parse: (raw: string) => Coerced<IsoDate>,
    private readonly date1904: boolean,
  ) {}

  read(raw: RawRow, dealId: string): { events: StageEvent[]; issues: RowIssue[] } {
    const events: StageEvent[] = [];
    const issues: RowIssue[] = [];
    for (const c of this.columns) {
      const v: CellValue = raw.cells[c.index];
      if (isBlank(v)) continue;
      let r: Coerced<IsoDate>;
      if (v instanceof Date) r = dateFromCell(v);
      else if (typeof v === 'number') r = dateFromSerial(v, String(v), this.date1904);
      else if (typeof v === 'string') r = this.parse(v.trim());
      else r = { ok: false, reason: 'expected a date' };
      if (r.ok) events.push({ dealId, stage: c.stage, enteredDate: r.value });
      else issues.push({ row: raw.row, key: [dealId], column: c.label, value: truncateValue(displayCell(v)), reason: r.reason });
    }
    return { events, issues };
  }
}
