import { BallastError } from '../../errors.ts';

export type TokenKind = 'number' | 'string' | 'name' | 'op' | 'end';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** 1-based character position in the expression, for messages. */
  readonly at: number;
}

const OPERATORS = ['==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '(', ')', '[', ']', ','];
const NUMBER = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Splits an expression into tokens; a column whose name is not an identifier is written `like this`. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const blank = /^\s+/.exec(rest);
    if (blank) {
      i += blank[0].length;
      continue;
    }
    const number = NUMBER.exec(rest);
    const name = NAME.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', text: number[0], at: i + 1 });
      i += number[0].length;
    } else if (name) {
      tokens.push({ kind: 'name', text: name[0], at: i + 1 });
      i += name[0].length;
    } else if (rest[0] === '"' || rest[0] === "'" || rest[0] === '`') {
      const quote = rest[0];
      const close = rest.indexOf(quote, 1);
      if (close < 0) throw new BallastError('invalid_argument', `at ${i + 1}: the quote ${quote} is never closed`);
      tokens.push({ kind: quote === '`' ? 'name' : 'string', text: rest.slice(1, close), at: i + 1 });
      i += close + 1;
    } else {
      const op = OPERATORS.find((o) => rest.startsWith(o));
      if (op === undefined) throw new BallastError('invalid_argument', `at ${i + 1}: unexpected character ${JSON.stringify(rest[0])}`);
      tokens.push({ kind: 'op', text: op, at: i + 1 });
      i += op.length;
    }
  }
  tokens.push({ kind: 'end', text: '', at: text.length + 1 });
  return tokens;
}
