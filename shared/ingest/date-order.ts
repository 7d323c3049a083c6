/**
 * Day-first or month-first? Decided from a file's own date texts when config `dateFormat` does
 * not say: `29/4/2026` can only be day-first, `4/29/2026` only month-first; a file with only
 * `4/5/2026`-like dates is ambiguous (a whole-file error asks for dateFormat).
 */
import type { DateFormat } from '../config/config';
import { normalizeDigits } from './coerce';
import type { CellValue } from './types';

const SLASHED = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T].*)?$/;
/** After this many other (ISO) dates without a slashed one, the file is not a day/month file. */
const ENOUGH_ISO = 200;

export type DateVerdict =
  | { kind: 'none' }
  | { kind: 'decided'; format: DateFormat; example: string }
  | { kind: 'ambiguous'; example: string }
  | { kind: 'mixed'; dayFirst: string; monthFirst: string };

export class DateOrder {
  private dayFirst: string | null = null;
  private monthFirst: string | null = null;
  private ambiguous: string | null = null;
  private other = 0;

  see(v: CellValue): void {
    if (typeof v !== 'string') return;
    const t = v.trim();
    if (t === '') return;
    const m = SLASHED.exec(normalizeDigits(t));
    if (!m) {
      this.other++;
      return;
    }
    const a = +m[1];
    const b = +m[2];
    if (a > 12 && b <= 12) this.dayFirst ??= t;
    else if (b > 12 && a <= 12) this.monthFirst ??= t;
    else if (a <= 12 && b <= 12) this.ambiguous ??= t;
  }

  decided(): boolean {
    return this.dayFirst !== null || this.monthFirst !== null || (this.ambiguous === null && this.other >= ENOUGH_ISO);
  }

  verdict(): DateVerdict {
    if (this.dayFirst && this.monthFirst) return { kind: 'mixed', dayFirst: this.dayFirst, monthFirst: this.monthFirst };
    if (this.dayFirst) return { kind: 'decided', format: 'DD/MM/YYYY', example: this.dayFirst };
    if (this.monthFirst) return { kind: 'decided', format: 'MM/DD/YYYY', example: this.monthFirst };
    if (this.ambiguous) return { kind: 'ambiguous', example: this.ambiguous };
    return { kind: 'none' };
  }
}
