import { formatPath } from '../../../src/core/issues.ts';
import type { ProblemIssue } from '../api/types.ts';

/**
 * Where an issue is, as the server and the CLI print it (`instances[0].age`): the server sends
 * the path as an array, which would otherwise render as its parts run together.
 */
export function issuePlace(issue: ProblemIssue): string {
  return formatPath(issue.path);
}
