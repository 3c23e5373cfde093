import { BallastError } from '../../errors.ts';
import type { Cell } from '../../table.ts';
import { bucketIndex, FUNCTIONS } from './functions.ts';
import { tokenize, type Token } from './tokenize.ts';
import { asBoolean, asNumber, fromCell, type FeatureValue } from './values.ts';

/**
 * The safe expression language of derived and on-demand features (docs/features.md). Expressions
 * are parsed into closures once; nothing is ever handed to `eval`, and only the functions of
 * functions.ts exist. Missing values propagate (SQL's three-valued logic for and/or/not), so the
 * same expression gives the same value offline, in a training set, and online, in a request.
 *
 * Grammar, loosest first: `or`, `and`, `not`, comparisons (== != < <= > >=), + -, * / %, unary −,
 * then literals (numbers, 'text', true, false, null), names (a column; `quoted` when not an
 * identifier), calls `f(a, b)`, and `[…]` lists of numbers (the edges of `bucket`).
 */
export interface CompiledExpression {
  /** The source text, as written. */
  readonly text: string;
  /** The column (or request field) names it reads, in first-use order. */
  readonly columns: readonly string[];
  evaluate(get: (name: string) => Cell | undefined): FeatureValue;
}

type Node = (get: (name: string) => Cell | undefined) => FeatureValue;

/** Longest expression accepted, and deepest nesting: bounds on work and on the parser's recursion. */
const MAX_LENGTH = 2000;
const MAX_DEPTH = 48;

export function compileExpression(text: string): CompiledExpression {
  if (text.length > MAX_LENGTH) throw new BallastError('invalid_argument', `the expression is longer than ${MAX_LENGTH} characters`);
  const parser = new Parser(tokenize(text));
  const root = parser.expression(0);
  parser.expectEnd();
  return { text, columns: parser.columns, evaluate: root };
}

class Parser {
  readonly columns: string[] = [];
  private i = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  expectEnd(): void {
    const t = this.peek();
    if (t.kind !== 'end') this.fail(t, `unexpected ${describe(t)}`);
  }

  expression(depth: number): Node {
    if (depth > MAX_DEPTH) this.fail(this.peek(), `the expression nests deeper than ${MAX_DEPTH} levels`);
    return this.or(depth);
  }

  private or(depth: number): Node {
    let left = this.and(depth);
    while (this.acceptName('or')) {
      const a = left;
      const b = this.and(depth);
      left = (get) => {
        const x = asBoolean(a(get));
        if (x === true) return true;
        const y = asBoolean(b(get));
        return y === true ? true : x === null || y === null ? null : false;
      };
    }
    return left;
  }

  private and(depth: number): Node {
    let left = this.not(depth);
    while (this.acceptName('and')) {
      const a = left;
      const b = this.not(depth);
      left = (get) => {
        const x = asBoolean(a(get));
        if (x === false) return false;
        const y = asBoolean(b(get));
        return y === false ? false : x === null || y === null ? null : true;
      };
    }
    return left;
  }

  private not(depth: number): Node {
    if (this.acceptName('not')) {
      const inner = this.not(depth + 1);
      return (get) => {
        const x = asBoolean(inner(get));
        return x === null ? null : !x;
      };
    }
    return this.comparison(depth);
  }

  private comparison(depth: number): Node {
    const left = this.additive(depth);
    const t = this.peek();
    if (t.kind !== 'op' || !['==', '!=', '<', '<=', '>', '>='].includes(t.text)) return left;
    this.i++;
    const right = this.additive(depth);
    const op = t.text;
    return (get) => {
      const a = left(get);
      const b = right(get);
      if (a === null || b === null) return null;
      const order = compare(a, b);
      if (order === undefined) return op === '!=' ? true : op === '==' ? false : null;
      switch (op) {
        case '==':
          return order === 0;
        case '!=':
          return order !== 0;
        case '<':
          return order < 0;
        case '<=':
          return order <= 0;
        case '>':
          return order > 0;
        default:
          return order >= 0;
      }
    };
  }

  private additive(depth: number): Node {
    let left = this.multiplicative(depth);
    for (let t = this.peek(); t.kind === 'op' && (t.text === '+' || t.text === '-'); t = this.peek()) {
      this.i++;
      left = arithmetic(t.text, left, this.multiplicative(depth));
    }
    return left;
  }

  private multiplicative(depth: number): Node {
    let left = this.unary(depth);
    for (let t = this.peek(); t.kind === 'op' && (t.text === '*' || t.text === '/' || t.text === '%'); t = this.peek()) {
      this.i++;
      left = arithmetic(t.text, left, this.unary(depth));
    }
    return left;
  }

  private unary(depth: number): Node {
    const t = this.peek();
    if (t.kind === 'op' && t.text === '-') {
      this.i++;
      const inner = this.unary(depth + 1);
      return (get) => {
        const x = asNumber(inner(get));
        return x === null ? null : -x;
      };
    }
    return this.primary(depth);
  }

  private primary(depth: number): Node {
    const t = this.next();
    if (t.kind === 'number') {
      const value = Number(t.text);
      return () => value;
    }
    if (t.kind === 'string') return () => t.text;
    if (t.kind === 'op' && t.text === '(') {
      const inner = this.expression(depth + 1);
      this.expectOp(')');
      return inner;
    }
    if (t.kind === 'name') {
      const after = this.peek();
      if (after.kind === 'op' && after.text === '(') return this.call(t, depth);
      if (t.text === 'true') return () => true;
      if (t.text === 'false') return () => false;
      if (t.text === 'null') return () => null;
      if (['and', 'or', 'not'].includes(t.text)) this.fail(t, `"${t.text}" needs a value before it`);
      if (!this.columns.includes(t.text)) this.columns.push(t.text);
      const name = t.text;
      return (get) => fromCell(get(name));
    }
    return this.fail(t, `expected a value, found ${describe(t)}`);
  }

  private call(name: Token, depth: number): Node {
    this.expectOp('(');
    if (name.text === 'bucket') return this.bucket(name, depth);
    const spec = FUNCTIONS[name.text];
    if (spec === undefined)
      this.fail(name, `there is no function "${name.text}" (functions: bucket, ${Object.keys(FUNCTIONS).sort().join(', ')})`);
    const args: Node[] = [];
    if (!this.acceptOp(')')) {
      do args.push(this.expression(depth + 1));
      while (this.acceptOp(','));
      this.expectOp(')');
    }
    if (args.length < spec!.minArgs || args.length > spec!.maxArgs)
      this.fail(
        name,
        `${name.text} takes ${spec!.minArgs === spec!.maxArgs ? spec!.minArgs : `${spec!.minArgs} to ${spec!.maxArgs}`} arguments, not ${args.length}`,
      );
    if (name.text === 'if') {
      const [c, a, b] = args as [Node, Node, Node];
      return (get) => (asBoolean(c(get)) === true ? a(get) : b(get));
    }
    if (name.text === 'coalesce')
      return (get) => {
        for (const arg of args) {
          const value = arg(get);
          if (value !== null) return value;
        }
        return null;
      };
    const apply = spec!.apply;
    return (get) => apply(args.map((arg) => arg(get)));
  }

  private bucket(name: Token, depth: number): Node {
    const x = this.expression(depth + 1);
    this.expectOp(',');
    this.expectOp('[');
    const edges: number[] = [];
    do {
      const negative = this.acceptOp('-');
      const t = this.next();
      if (t.kind !== 'number') this.fail(t, 'the edges of bucket must be numbers');
      edges.push(negative ? -Number(t.text) : Number(t.text));
    } while (this.acceptOp(','));
    this.expectOp(']');
    this.expectOp(')');
    if (edges.some((e, k) => k > 0 && e <= edges[k - 1]!)) this.fail(name, 'the edges of bucket must rise');
    return (get) => {
      const value = asNumber(x(get));
      return value === null ? null : bucketIndex(value, edges);
    };
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    const t = this.tokens[this.i]!;
    if (t.kind !== 'end') this.i++;
    return t;
  }

  private acceptName(word: string): boolean {
    const t = this.peek();
    if (t.kind === 'name' && t.text === word) {
      this.i++;
      return true;
    }
    return false;
  }

  private acceptOp(op: string): boolean {
    const t = this.peek();
    if (t.kind === 'op' && t.text === op) {
      this.i++;
      return true;
    }
    return false;
  }

  private expectOp(op: string): void {
    if (!this.acceptOp(op)) this.fail(this.peek(), `expected "${op}", found ${describe(this.peek())}`);
  }

  private fail(t: Token, message: string): never {
    throw new BallastError('invalid_argument', `at ${t.at}: ${message}`);
  }
}

function describe(t: Token): string {
  return t.kind === 'end' ? 'the end of the expression' : JSON.stringify(t.text);
}

function arithmetic(op: string, left: Node, right: Node): Node {
  return (get) => {
    const a = asNumber(left(get));
    const b = asNumber(right(get));
    if (a === null || b === null) return null;
    const result = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : op === '/' ? a / b : a % b;
    // Division by zero and overflow give a missing value, never Infinity or NaN.
    return Number.isFinite(result) ? result : null;
  };
}

/** Numbers (or text that reads as one) compare as numbers; two texts as text; else incomparable. */
function compare(a: FeatureValue, b: FeatureValue): number | undefined {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== null && y !== null && typeof a !== 'boolean' && typeof b !== 'boolean') return x - y;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    const p = asBoolean(a);
    const q = asBoolean(b);
    return p === null || q === null ? undefined : Number(p) - Number(q);
  }
  return undefined;
}
