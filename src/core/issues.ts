import { VIOLATION_CODES } from './contracts/contract-types.ts';
import { BallastError, type ErrorCode } from './errors.ts';

/**
 * What kind of problem an issue is, as zod names its issue codes, so a client can branch on it
 * (highlight a missing field, say "too many rows") without parsing the message. A contract
 * violation's issue carries the violation's own code (`out_of_range`, `unknown_category`, …).
 */
export const ISSUE_CODES = [
  'invalid_type',
  'missing',
  'invalid_value',
  'invalid_format',
  'too_big',
  'too_small',
  'unrecognized_key',
  'duplicate',
  'unsupported',
  ...VIOLATION_CODES,
] as const;

export type IssueCode = (typeof ISSUE_CODES)[number];

/** Where a problem is: field names and row indexes from the outside in, as in zod's issue paths. */
export type IssuePath = ReadonlyArray<string | number>;

/** One problem with an input. The server sends these in `issues`; the message never repeats the code. */
export interface Issue {
  readonly code: IssueCode;
  readonly path: IssuePath;
  readonly message: string;
}

/** Enough examples to fix an input; a tensor of a million bad values must not make a million issues. */
export const MAX_ISSUES = 50;

/** `["inputs", 0, "data", 3]` reads as `inputs[0].data[3]`, as code would name it; `[]` is the input itself. */
export function formatPath(path: IssuePath): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/** `inputs[0].name: is required`, or the message alone for an issue with the whole input. */
export function formatIssue(issue: Issue): string {
  return issue.path.length > 0 ? `${formatPath(issue.path)}: ${issue.message}` : issue.message;
}

/** The one-line message for a list of issues: the first, with its path, and how many more there are. */
export function summarizeIssues(what: string, issues: readonly Issue[], total = issues.length): string {
  const first = issues[0];
  if (first === undefined) return what;
  const rest = total - 1;
  return `${what}: ${formatIssue(first)}${rest > 0 ? ` (and ${rest} more problem${rest > 1 ? 's' : ''})` : ''}`;
}

/** A BallastError carrying `issues` (at most MAX_ISSUES of them) with the summary as its message. */
export function issuesError(code: ErrorCode, what: string, issues: readonly Issue[], total = issues.length): BallastError {
  return new BallastError(code, summarizeIssues(what, issues, total), issues.slice(0, MAX_ISSUES));
}

/**
 * Collects every problem in an input, so one answer names them all, then throws them at once.
 * It keeps the first MAX_ISSUES and counts the rest.
 */
export class IssueCollector {
  private readonly kept: Issue[] = [];
  private total = 0;

  report(code: IssueCode, path: IssuePath, message: string): void {
    this.total++;
    if (this.kept.length < MAX_ISSUES) this.kept.push({ code, path, message });
  }

  get count(): number {
    return this.total;
  }

  get issues(): readonly Issue[] {
    return this.kept;
  }

  throwIfAny(code: ErrorCode, what: string): void {
    if (this.total > 0) throw issuesError(code, what, this.kept, this.total);
  }
}
