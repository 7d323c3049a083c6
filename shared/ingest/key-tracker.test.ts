import { describe, expect, it } from 'vitest';
import { KeyTracker, hash53 } from './key-tracker';

describe('KeyTracker', () => {
  it('returns the previous row of a repeated key and remembers the latest', () => {
    const t = new KeyTracker();
    expect(t.see('D-1', 2)).toBeUndefined();
    expect(t.see('D-2', 3)).toBeUndefined();
    expect(t.see('D-1', 4)).toBe(2);
    expect(t.see('D-1', 9)).toBe(4);
    expect(t.size).toBe(2);
  });

  it('keeps every key across growth and finds no false repeats among 200k distinct keys', () => {
    const t = new KeyTracker();
    let repeats = 0;
    for (let i = 0; i < 200_000; i++) if (t.see(`D-${i}`, i + 2) !== undefined) repeats++;
    expect(repeats).toBe(0);
    expect(t.size).toBe(200_000);
    expect(t.see('D-123456', 0)).toBe(123_458);
    expect(t.see('D-0', 0)).toBe(2);
  });

  it('hashes to non-zero safe integers that differ for near-identical keys', () => {
    const hs = ['a', 'b', 'ab', 'ba', '', 'D-1|lead|2026-01-01', 'D-1|lead|2026-01-02'].map(hash53);
    for (const h of hs) {
      expect(Number.isSafeInteger(h)).toBe(true);
      expect(h).toBeGreaterThan(0);
    }
    expect(new Set(hs).size).toBe(hs.length);
  });
});
