import { BallastError, type ErrorCode, type Issue, type IssuePath } from '../../core/errors.ts';

/** Enough examples to fix a request; a tensor of a million bad values must not make a million issues. */
const MAX_ISSUES = 50;

/** Collects every problem in a request, so one answer names them all, then throws them at once. */
export class IssueCollector {
  private readonly kept: Issue[] = [];
  private total = 0;

  report(path: IssuePath, message: string): void {
    this.total++;
    if (this.kept.length < MAX_ISSUES) this.kept.push({ path, message });
  }

  get count(): number {
    return this.total;
  }

  throwIfAny(code: ErrorCode, what: string): void {
    if (this.total === 0) return;
    const first = this.kept[0]!;
    const more = this.total > 1 ? ` (and ${this.total - 1} more problem${this.total > 2 ? 's' : ''})` : '';
    throw new BallastError(code, `${what}: ${first.path.length > 0 ? `${formatPath(first.path)}: ` : ''}${first.message}${more}`, this.kept.slice());
  }
}

/** `["inputs", 0, "data", 3]` reads as `inputs[0].data[3]`, as a JSON pointer would name it in code. */
export function formatPath(path: IssuePath): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}
