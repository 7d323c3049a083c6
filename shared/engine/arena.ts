/**
 * Typed-array allocation for the engine's indexes, carved out of a few large ArrayBuffers.
 *
 * Why: V8 starts a full garbage collection every time ~64 MB of new ArrayBuffer memory has
 * been allocated since the last one. At 1M deals the engine allocates ~600 MB of columns in
 * hundreds of typed arrays while the dataset (~1 GB of small objects) sits in the heap, so
 * each of those ~10 collections marks the whole dataset (1 to 4 s each on 2 cores). Views
 * into big chunks cost one collection per chunk instead. Chunk memory is zero-filled like
 * `new Int32Array(n)` and is only paged in when touched; it is released with the last view
 * (when computeScorecard's indexes are dropped).
 *
 * `withArena(bytes, fn)` makes `i32`/`f64`/... allocate from an arena while fn runs;
 * outside one (unit tests of a builder) they are plain `new XArray(n)`.
 */

const ALIGN = 8;
const MIN_CHUNK = 1024 * 1024;
/** Larger datasets take several chunks (a full GC each) rather than one huge buffer. */
const MAX_CHUNK = 1024 * 1024 * 1024;

class Arena {
  chunk: ArrayBuffer | null = null;
  used = 0;
  constructor(private readonly chunkBytes: number) {}

  /** Byte offset of `bytes` free bytes in the current chunk (a new chunk when it is full). */
  take(bytes: number): [ArrayBuffer, number] {
    const need = Math.ceil(bytes / ALIGN) * ALIGN;
    if (need > this.chunkBytes / 4) return [new ArrayBuffer(need), 0]; // big ones stand alone
    if (!this.chunk || this.used + need > this.chunk.byteLength) {
      this.chunk = new ArrayBuffer(this.chunkBytes);
      this.used = 0;
    }
    const at = this.used;
    this.used += need;
    return [this.chunk, at];
  }
}

let current: Arena | null = null;
/** Scratch space for a builder's temporaries, reused by the next builder (see withScratch). */
let scratch: Arena | null = null;

/** Runs fn with typed arrays allocated from chunks of about `chunkBytes` (1 MB to 1 GB). */
export function withArena<T>(chunkBytes: number, fn: () => T): T {
  const outer = current;
  const outerScratch = scratch;
  const bytes = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.ceil(chunkBytes / ALIGN) * ALIGN));
  current = new Arena(bytes);
  scratch = new Arena(Math.ceil(bytes / 4 / ALIGN) * ALIGN);
  try {
    return fn();
  } finally {
    current = outer;
    scratch = outerScratch;
  }
}

/**
 * Runs fn, then hands the scratch space its `tmp` arrays took back for the next builder
 * (its pages are already in memory: the temporaries of all builders share them instead
 * of each adding to the peak). Arrays from `tmp` must not outlive fn.
 */
export function withScratch<T>(fn: () => T): T {
  const s = scratch;
  if (!s) return fn();
  const chunk = s.chunk;
  const used = s.used;
  try {
    return fn();
  } finally {
    // a chunk started inside fn holds only fn's temporaries: all of it is free again
    s.used = s.chunk === chunk ? used : 0;
  }
}

/** Zeroed temporary arrays (like `new XArray(n)`) from the scratch space; plain arrays outside an arena. */
export const tmp = {
  i32(n: number): Int32Array {
    if (!scratch || n === 0) return new Int32Array(n);
    const [buf, at] = scratch.take(n * 4);
    return new Int32Array(buf, at, n).fill(0);
  },
  f64(n: number): Float64Array {
    if (!scratch || n === 0) return new Float64Array(n);
    const [buf, at] = scratch.take(n * 8);
    return new Float64Array(buf, at, n).fill(0);
  },
  i16(n: number): Int16Array {
    if (!scratch || n === 0) return new Int16Array(n);
    const [buf, at] = scratch.take(n * 2);
    return new Int16Array(buf, at, n).fill(0);
  },
  u8(n: number): Uint8Array {
    if (!scratch || n === 0) return new Uint8Array(n);
    const [buf, at] = scratch.take(n);
    return new Uint8Array(buf, at, n).fill(0);
  },
};

export function i32(n: number): Int32Array {
  if (!current || n === 0) return new Int32Array(n);
  const [buf, at] = current.take(n * 4);
  return new Int32Array(buf, at, n);
}

export function f64(n: number): Float64Array {
  if (!current || n === 0) return new Float64Array(n);
  const [buf, at] = current.take(n * 8);
  return new Float64Array(buf, at, n);
}

export function u8(n: number): Uint8Array {
  if (!current || n === 0) return new Uint8Array(n);
  const [buf, at] = current.take(n);
  return new Uint8Array(buf, at, n);
}

export function i8(n: number): Int8Array {
  if (!current || n === 0) return new Int8Array(n);
  const [buf, at] = current.take(n);
  return new Int8Array(buf, at, n);
}

export function i16(n: number): Int16Array {
  if (!current || n === 0) return new Int16Array(n);
  const [buf, at] = current.take(n * 2);
  return new Int16Array(buf, at, n);
}
