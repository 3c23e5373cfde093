/**
 * The random source of model tests: every bootstrap resample, noise draw and category swap comes from
 * here, seeded by the suite's `seed`, so the same suite on the same data gives the same run.
 *
 * Generator: xoshiro128** (Blackman & Vigna, 2018) — 128 bits of state, period 2^128 − 1, passes BigCrush,
 * and needs only 32-bit integer arithmetic, which JavaScript does fast with Math.imul. Its state is filled
 * from the seed by SplitMix32 so that nearby seeds (7, 8) give unrelated streams. Integers below n use
 * Lemire's nearly divisionless method with rejection, so they carry no modulo bias. Normals use Box–Muller.
 */

/** SplitMix32 finaliser: a bijection of 32-bit integers that scatters nearby inputs. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * The seed of one check: the suite's seed mixed with the check's name, so a check draws the same numbers
 * whatever other checks the suite has and in whatever order.
 */
export function checkSeed(suiteSeed: number, checkName: string): number {
  let h = mix32(suiteSeed >>> 0);
  for (let i = 0; i < checkName.length; i++) h = mix32(h ^ checkName.charCodeAt(i));
  return h;
}

export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | undefined;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => (s = mix32(s));
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    // An all-zero state would stay zero forever; mix32 of four steps cannot give it, but be sure.
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** A uniform number in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A uniform integer in [0, n), n ≤ 2^32, unbiased (Lemire 2019 with the rejection step). */
  nextInt(n: number): number {
    if (!(n >= 1 && n <= 4294967296 && Number.isInteger(n))) throw new RangeError(`nextInt needs a whole number from 1 to 2^32, got ${n}`);
    let u = this.nextUint32();
    if (n <= 2097152) {
      // u·n < 2^53, so the double product is exact: its high 32 bits are the draw, its low 32 bits decide rejection.
      let product = u * n;
      let low = product % 4294967296;
      if (low < n) {
        const threshold = (4294967296 - n) % n;
        while (low < threshold) {
          u = this.nextUint32();
          product = u * n;
          low = product % 4294967296;
        }
      }
      return Math.floor(product / 4294967296);
    }
    // Large n (rare): rejection on the top bits keeps it unbiased.
    const limit = Math.floor(4294967296 / n) * n;
    while (u >= limit) u = this.nextUint32();
    return u % n;
  }

  /** A standard normal draw (Box–Muller, the second value of each pair kept for the next call). */
  nextNormal(): number {
    if (this.spareNormal !== undefined) {
      const spare = this.spareNormal;
      this.spareNormal = undefined;
      return spare;
    }
    let u = this.nextFloat();
    while (u === 0) u = this.nextFloat();
    const v = this.nextFloat();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * The percentile interval of bootstrap statistics at two-sided level `confidence` (0.95 → the 2.5% and
 * 97.5% quantiles), with numpy's default linear interpolation between order statistics, as Fairlearn's
 * MetricFrame does with `ci_quantiles`. NaN statistics (a resample with an empty group) are left out.
 */
export function percentileInterval(statistics: ArrayLike<number>, confidence: number): readonly [number, number] {
  const values = Array.from(statistics).filter((x) => !Number.isNaN(x));
  if (values.length === 0) return [Number.NaN, Number.NaN];
  values.sort((x, y) => x - y);
  const tail = (1 - confidence) / 2;
  return [quantile(values, tail), quantile(values, 1 - tail)];
}

function quantile(sorted: readonly number[], q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}
