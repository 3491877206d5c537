// A seeded PRNG built only from 32-bit integer operations, so model weights are bit-identical on every
// machine and Node version (Math.random cannot be seeded; Math.log/Math.cos may differ in the last bit).

/** mulberry32: a small, well-mixed 32-bit generator. Returns the next unsigned 32-bit value. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Float32 values uniform in [-scale, scale), from exact arithmetic on the integer stream. */
export function uniformFloats(next: () => number, n: number, scale: number, offset = 0): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = offset + (next() / 4294967296) * 2 * scale - scale;
  return out;
}
