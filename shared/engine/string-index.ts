/**
 * id string -> number, for the million-entry lookups (deal ids, customer ids).
 *
 * A `Map` of a million fresh parser strings grows a large old-space table by rehashing; at
 * 1M deals the whole dataset (~1 GB of small objects) sits in the same heap, so that
 * growth triggers full garbage collections that mark all of it (seconds each). This is an
 * open-addressing table in one Int32Array (sized once, no rehash): slot -> entry number,
 * entries' keys kept in a plain array, compared by string equality on a hash hit.
 */
export class StringIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly keys: string[] = [];
  private readonly values: number[] = [];
  /** Keys that are not strings (never from validated records; kept exact for hand-built data). */
  private other: Map<unknown, number> | null = null;

  /** `capacity`: the most distinct keys expected (more still work, only slower). */
  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  /** The value of `key`, or -1. */
  get(key: string): number {
    if (typeof key !== 'string') return this.other?.get(key) ?? -1;
    const e = this.slots[this.find(key)];
    return e < 0 ? -1 : this.values[e];
  }

  /** Sets `key` to `value` (a repeated key is overwritten, as Map.set does). */
  set(key: string, value: number): void {
    if (typeof key !== 'string') {
      (this.other ??= new Map()).set(key, value);
      return;
    }
    const at = this.find(key);
    const e = this.slots[at];
    if (e >= 0) {
      this.values[e] = value;
      return;
    }
    if (2 * (this.keys.length + 1) > this.slots.length) {
      this.grow();
      this.set(key, value);
      return;
    }
    this.slots[at] = this.keys.length;
    this.keys.push(key);
    this.values.push(value);
  }

  /** Slot holding `key`, or the empty slot where it would go (linear probing). */
  private find(key: string): number {
    const slots = this.slots;
    const mask = this.mask;
    let at = hash(key) & mask;
    for (;;) {
      const e = slots[at];
      if (e < 0 || this.keys[e] === key) return at;
      at = (at + 1) & mask;
    }
  }

  /** Only when more keys arrive than announced: rebuilt at twice the size. */
  private grow(): void {
    const keys = this.keys.slice();
    const values = this.values.slice();
    const bigger = new StringIndex(keys.length * 2);
    for (let k = 0; k < keys.length; k++) bigger.set(keys[k], values[k]);
    // adopt the bigger table's state
    Object.assign(this, { slots: bigger.slots, mask: bigger.mask, keys: bigger.keys, values: bigger.values });
  }
}

/** FNV-1a over the UTF-16 code units, mixed so ids differing only at the end spread out. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 12);
}
