import { describe, expect, it } from 'vitest';
import { ColumnInterners, Interner } from './intern';

/** A string with the same content as `s` but a different instance (as a CSV parser makes per row). */
const fresh = (s: string) => Buffer.from(s).toString();

describe('Interner', () => {
  // (string identity is not observable in JS; the memory effect is measured by the benchmark)
  it('returns values equal to the input and remembers each distinct value once', () => {
    const i = new Interner(10);
    expect(i.intern(fresh('EMEA'))).toBe('EMEA');
    expect(i.intern(fresh('APAC'))).toBe('APAC');
    expect(i.intern(fresh('EMEA'))).toBe('EMEA');
    expect(i.intern(fresh('EMEA'))).toBe('EMEA');
    expect(i.size).toBe(2);
  });

  it('remembers at most maxEntries values; later new values come back unchanged', () => {
    const i = new Interner(3);
    for (const s of ['a', 'b', 'c', 'd', 'e']) expect(i.intern(fresh(s))).toBe(s);
    expect(i.size).toBe(3);
    expect(i.intern(fresh('a'))).toBe('a');
    expect(i.intern(fresh('e'))).toBe('e');
    expect(i.size).toBe(3);
  });

  it('keeps one interner per column with its own cap', () => {
    const c = new ColumnInterners((col) => (col === 'customer_id' ? 2 : 1));
    expect(c.of('customer_id')).toBe(c.of('customer_id'));
    expect(c.of('customer_id').maxEntries).toBe(2);
    expect(c.of('team').maxEntries).toBe(1);
    expect(c.of('team')).not.toBe(c.of('region'));
  });
});
