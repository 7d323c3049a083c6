import { describe, expect, it } from 'vitest';
import { StringIndex } from './string-index';

describe('StringIndex', () => {
  it('maps every key to its value like a Map, also past the announced capacity', () => {
    const ix = new StringIndex(10);
    const ref = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      // fresh string instances with shared prefixes, as a parser produces them
      const key = ['D', String(i % 3000).padStart(7, '0')].join('');
      ix.set(key, i);
      ref.set(key, i);
    }
    for (const [k, v] of ref) expect(ix.get(['', k].join(''))).toBe(v);
    expect(ix.get('D9999999')).toBe(-1);
    expect(ix.get('')).toBe(-1);
  });

  it('lets a repeated key win with its last value, and tells apart keys of other types', () => {
    const ix = new StringIndex(4);
    ix.set('a', 1);
    ix.set('b', 2);
    ix.set('a', 3);
    expect(ix.get('a')).toBe(3);
    expect(ix.get('b')).toBe(2);
    ix.set(7 as unknown as string, 9);
    expect(ix.get(7 as unknown as string)).toBe(9);
    expect(ix.get('7')).toBe(-1);
  });
});
