/**
 * Pattern hints for text columns. Each value is reduced to its shape — runs of upper-case letters,
 * lower-case letters and digits, and the other characters literally — so "AB-1234" has the shape
 * [A-Z]{2}-[0-9]{4}. When every value of a column has one shape, that shape is a pattern a fresh
 * value from the same source will match; a single value of another shape drops the hint, so free
 * text never gets one. UUIDs are recognised by name because their letter/digit runs vary.
 */

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const UUID_PATTERN = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
/** Longer values are prose or payloads; their shape is not worth tracking. */
const MAX_SHAPED_LENGTH = 64;
/** Fewer values than this are too little evidence for a pattern. */
export const MIN_VALUES_FOR_PATTERN = 30;

type TokenClass = 'A' | 'a' | '9' | string;

interface Shape {
  readonly classes: readonly TokenClass[];
  readonly minLengths: number[];
  readonly maxLengths: number[];
}

export class ShapeSummary {
  private count = 0;
  private uuids = 0;
  private shape: Shape | undefined;
  /** Two different shapes were seen (or a value too long to shape): no pattern. */
  private mixed = false;

  add(text: string): void {
    this.count++;
    if (UUID.test(text)) this.uuids++;
    if (this.mixed) return;
    const shape = shapeOf(text);
    if (shape === undefined) this.mixed = true;
    else this.include(shape);
  }

  merge(other: ShapeSummary): void {
    this.count += other.count;
    this.uuids += other.uuids;
    if (other.mixed) this.mixed = true;
    else if (!this.mixed && other.shape !== undefined) this.include(other.shape);
  }

  /** A regular expression every value seen matches, or undefined when there is no honest one. */
  pattern(): string | undefined {
    if (this.count < MIN_VALUES_FOR_PATTERN) return undefined;
    if (this.uuids === this.count) return UUID_PATTERN;
    if (this.mixed || this.shape === undefined) return undefined;
    const { classes, minLengths, maxLengths } = this.shape;
    // A shape without a letter or digit run is a constant, better said as a category.
    if (!classes.some(isClassToken)) return undefined;
    return classes
      .map((token, i) => {
        const atom = token === 'A' ? '[A-Z]' : token === 'a' ? '[a-z]' : token === '9' ? '[0-9]' : escapeRegExp(token);
        const min = minLengths[i]!;
        // Lengths that varied may vary further; only a length that never changed is kept exact.
        if (min !== maxLengths[i]) return `${atom}+`;
        return min === 1 ? atom : `${atom}{${min}}`;
      })
      .join('');
  }

  /**
   * How many different values the pattern admits (Infinity when a run's length varies), for
   * judging whether values that never repeated are identifiers or chance; undefined without a pattern.
   */
  valueSpace(): number | undefined {
    const pattern = this.pattern();
    if (pattern === undefined) return undefined;
    if (pattern === UUID_PATTERN) return 2 ** 122;
    const { classes, minLengths, maxLengths } = this.shape!;
    let space = 1;
    classes.forEach((token, i) => {
      const size = token === '9' ? 10 : isClassToken(token) ? 26 : 1;
      space *= minLengths[i] === maxLengths[i] ? size ** minLengths[i]! : size === 1 ? 1 : Infinity;
    });
    return space;
  }

  private include(shape: Shape): void {
    if (this.shape === undefined) {
      this.shape = { classes: shape.classes, minLengths: [...shape.minLengths], maxLengths: [...shape.maxLengths] };
      return;
    }
    const current = this.shape;
    if (current.classes.length !== shape.classes.length || current.classes.some((token, i) => token !== shape.classes[i])) {
      this.mixed = true;
      this.shape = undefined;
      return;
    }
    for (let i = 0; i < current.classes.length; i++) {
      current.minLengths[i] = Math.min(current.minLengths[i]!, shape.minLengths[i]!);
      current.maxLengths[i] = Math.max(current.maxLengths[i]!, shape.maxLengths[i]!);
    }
  }
}

function isClassToken(token: TokenClass): boolean {
  return token === 'A' || token === 'a' || token === '9';
}

function shapeOf(text: string): Shape | undefined {
  if (text.length === 0 || text.length > MAX_SHAPED_LENGTH) return undefined;
  const classes: TokenClass[] = [];
  const lengths: number[] = [];
  for (const char of text) {
    const token = classOf(char);
    // Runs of one class, or of one repeated literal character, are one token.
    if (classes.length > 0 && classes[classes.length - 1] === token) lengths[lengths.length - 1]!++;
    else {
      classes.push(token);
      lengths.push(1);
    }
  }
  return { classes, minLengths: lengths, maxLengths: [...lengths] };
}

function classOf(char: string): TokenClass {
  if (char >= 'A' && char <= 'Z') return 'A';
  if (char >= 'a' && char <= 'z') return 'a';
  if (char >= '0' && char <= '9') return '9';
  return char;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
