import { describe, expect, it } from 'vitest';
import { f64, i16, i32, i8, tmp, u8, withArena, withScratch } from './arena';

describe('withArena', () => {
  it('hands out zeroed, non-overlapping arrays from shared chunks, and plain ones outside', () => {
    const arrays = withArena(1024, () => {
      const a = i32(3);
      const b = f64(5);
      const c = u8(7);
      const d = i8(2);
      const e = i16(9);
      const big = i32(1_000_000); // more than a quarter chunk: its own buffer
      return { a, b, c, d, e, big };
    });
    const { a, b, c, d, e, big } = arrays;
    expect([a.length, b.length, c.length, d.length, e.length, big.length]).toEqual([3, 5, 7, 2, 9, 1_000_000]);
    for (const x of Object.values(arrays)) expect(x.every((v) => v === 0)).toBe(true);
    a.fill(-1);
    b.fill(1.5);
    c.fill(255);
    d.fill(-7);
    e.fill(-300);
    expect([...a]).toEqual([-1, -1, -1]);
    expect([...b]).toEqual([1.5, 1.5, 1.5, 1.5, 1.5]);
    expect([...c]).toEqual(Array(7).fill(255));
    expect([...d]).toEqual([-7, -7]);
    expect([...e]).toEqual(Array(9).fill(-300));
    expect(a.buffer).toBe(b.buffer); // small arrays share a chunk
    expect(big.buffer).not.toBe(a.buffer);
    expect(i32(4).buffer.byteLength).toBe(16); // outside withArena: a plain array
  });

  it('restores the outer allocator after an exception', () => {
    expect(() => withArena(1024, () => { throw new Error('boom'); })).toThrow('boom');
    expect(f64(2).buffer.byteLength).toBe(16);
  });

  it('reuses scratch space after withScratch, zeroed again, while arena arrays keep their values', () => {
    withArena(1 << 20, () => {
      let first: Int32Array | null = null;
      const kept = withScratch(() => {
        first = tmp.i32(100).fill(7);
        const k = i32(100).fill(5);
        return k;
      });
      const again = withScratch(() => {
        const t = tmp.i32(100);
        expect(t.every((v) => v === 0)).toBe(true); // zero like a new array
        return t;
      });
      expect(again.buffer).toBe(first!.buffer);
      expect(again.byteOffset).toBe(first!.byteOffset); // the same memory, handed back
      expect(kept.every((v) => v === 5)).toBe(true);
      expect(tmp.f64(3).every((v) => v === 0)).toBe(true);
      expect(tmp.u8(3).length + tmp.i16(3).length).toBe(6);
    });
    expect(tmp.i32(2).buffer.byteLength).toBe(8); // outside withArena: a plain array
  });
});
