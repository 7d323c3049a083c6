/**
 * Remembers the natural keys of a file (to report keys repeated across batches) in
 * compact memory: a 53-bit hash per key in an open-addressing table of typed arrays,
 * about 24 bytes per key (1M keys ~ 24 MB) instead of a Map of strings (~100 MB).
 * Two different keys share a hash with probability ~ n^2 / 2^54 (1e-4 for a million keys);
 * a collision could only add a spurious "repeated key" warning, never change a record.
 */
export class KeyTracker {
  private keys: Float64Array;
  private rows: Int32Array;
  private count = 0;

  constructor(initialCapacity = 1024) {
    let cap = 1024;
    while (cap < initialCapacity * 2) cap *= 2;
    this.keys = new Float64Array(cap);
    this.rows = new Int32Array(cap);
  }

  get size(): number {
    return this.count;
  }

  /** Records `key` at `row`; returns the row where it was seen before, if any. */
  see(key: string, row: number): number | undefined {
    const h = hash53(key);
    const mask = this.keys.length - 1;
    let i = h % this.keys.length;
    for (;;) {
      const k = this.keys[i];
      if (k === 0) break;
      if (k === h) {
        const prev = this.rows[i];
        this.rows[i] = row;
        return prev;
      }
      i = (i + 1) & mask;
    }
    this.keys[i] = h;
    this.rows[i] = row;
    if (++this.count * 2 > this.keys.length) this.grow();
    return undefined;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldRows = this.rows;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.rows = new Int32Array(oldKeys.length * 2);
    const mask = this.keys.length - 1;
    for (let j = 0; j < oldKeys.length; j++) {
      const h = oldKeys[j];
      if (h === 0) continue;
      let i = h % this.keys.length;
      while (this.keys[i] !== 0) i = (i + 1) & mask;
      this.keys[i] = h;
      this.rows[i] = oldRows[j];
    }
  }
}

/** Two 32-bit string hashes (FNV-1a and a murmur-style mix) combined into a non-zero 53-bit integer. */
export function hash53(s: string): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  b = Math.imul(b ^ (b >>> 13), 0x5bd1e995);
  b ^= b >>> 15;
  const h = (b >>> 11) * 0x100000000 + (a >>> 0);
  return h === 0 ? 1 : h;
}
