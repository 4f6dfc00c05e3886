/**
 * Seeded randomness for the demo data generator. Everything the generator makes — names, marks,
 * absences and even the row ids — comes from here, so one seed and one `today` give the same school
 * byte for byte (apart from password hashes, which argon2 salts on purpose).
 */

/** xmur3: turns a string into a 32-bit seed; used to derive independent streams by label. */
function hashString(s: string): number {
  let h = 1779033703 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  h = Math.imul(h ^ (h >>> 16), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return (h ^ (h >>> 16)) >>> 0;
}

/** splitmix32: spreads a small seed (1, 2, 3 …) over the whole state so nearby seeds diverge at once. */
function splitmix32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * sfc32 (Small Fast Counting, from PractRand): 128 bits of state, passes BigCrush, and is fast
 * enough for the hundreds of thousands of marks of a district-sized data set.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string) {
    const mix = splitmix32(typeof seed === 'string' ? hashString(seed) : seed);
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /**
   * An independent stream named by `label`: a part of the generator that draws from its own fork
   * does not shift every later part when it changes how many numbers it draws.
   */
  fork(label: string): Rng {
    return new Rng(hashString(`${label}:${this.nextUint32()}`));
  }

  /** Integer in [a, b], both included. */
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }

  /** Real number in [a, b). */
  float(a: number, b: number): number {
    return a + this.next() * (b - a);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(arr: readonly T[]): T {
    if (arr.length === 0) throw new RangeError('pick() from an empty list');
    return arr[Math.floor(this.next() * arr.length)];
  }

  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1][0];
  }

  /** Normal distribution (Box–Muller). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Fisher–Yates on a copy; the input stays as it was. */
  shuffle<T>(arr: readonly T[]): T[] {
    const out = arr.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** `n` distinct items in random order (all of them when the list is shorter). */
  sample<T>(arr: readonly T[], n: number): T[] {
    return this.shuffle(arr).slice(0, Math.max(0, n));
  }

  /**
   * A version 4 UUID (RFC 9562 §5.4 layout: version nibble 4, variant bits 10) whose 122 random
   * bits come from this generator, so the same seed gives the same ids.
   */
  uuid(): string {
    const bytes = new Array<number>(16);
    for (let i = 0; i < 16; i += 4) {
      const x = this.nextUint32();
      bytes[i] = x & 0xff;
      bytes[i + 1] = (x >>> 8) & 0xff;
      bytes[i + 2] = (x >>> 16) & 0xff;
      bytes[i + 3] = (x >>> 24) & 0xff;
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const h = bytes.map((b) => HEX[b]);
    return `${h[0]}${h[1]}${h[2]}${h[3]}-${h[4]}${h[5]}-${h[6]}${h[7]}-${h[8]}${h[9]}-${h[10]}${h[11]}${h[12]}${h[13]}${h[14]}${h[15]}`;
  }
}

/** Convenience constructor matching the other helpers' style. */
export function createRng(seed: number | string): Rng {
  return new Rng(seed);
}
