/**
 * String interning for the records of one file: repeated values (dates, stages, owners,
 * teams, customer ids, ...) become one shared string instead of one copy per row. The
 * values do not change, only how many copies of them the records hold.
 */

/**
 * One column's strings. At most `maxEntries` distinct strings are remembered; after that the
 * column's new values are returned as they are (the ones already remembered are still shared),
 * so memory stays bounded on high-cardinality columns.
 */
export class Interner {
  private readonly map = new Map<string, string>();
  private last = '';

  constructor(readonly maxEntries: number) {}

  /** The shared instance of `s` (equal to `s`). */
  intern(s: string): string {
    // consecutive rows often repeat a value (stage events of one deal): no lookup then
    if (s === this.last) return this.last;
    const known = this.map.get(s);
    if (known !== undefined) {
      this.last = known;
      return known;
    }
    if (this.map.size < this.maxEntries) this.map.set(s, s);
    this.last = s;
    return s;
  }

  /** Distinct strings remembered. */
  get size(): number {
    return this.map.size;
  }
}

/** Interners by column name, created on first use. */
export class ColumnInterners {
  private readonly byColumn = new Map<string, Interner>();

  constructor(private readonly capOf: (column: string) => number) {}

  /** The interner of `column` (one per column; columns sharing values may share a name). */
  of(column: string): Interner {
    let i = this.byColumn.get(column);
    if (i === undefined) {
      i = new Interner(this.capOf(column));
      this.byColumn.set(column, i);
    }
    return i;
  }
}
