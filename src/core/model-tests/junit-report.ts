import type { Bound, CheckResult, TestRunWire } from './suite-types.ts';

/**
 * A test run as JUnit XML, the format every CI system reads (Jenkins, GitLab, GitHub Actions' test
 * reporters): one `<testsuite>` named after the suite, one `<testcase classname="ballast.TYPE" name=NAME>`
 * per check. A failed error-severity check is a `<failure>` (the CI marks the build red); a failed warning
 * is not a failure, its message goes to the case's `<system-out>` so a reader still sees it. Attributes
 * follow the Jenkins JUnit schema (junit-10.xsd): tests, failures, errors, skipped, time, timestamp.
 */
export function junitReport(run: TestRunWire): string {
  const failures = run.checks.filter(isFailure).length;
  const model = `${run.model.name}:${run.model.version}`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ballast" tests="${run.checks.length}" failures="${failures}" errors="0" skipped="0" time="0">`,
    `  <testsuite name="${xml(run.suite.name)}" tests="${run.checks.length}" failures="${failures}" errors="0" skipped="0" time="0" timestamp="${xml(run.created_at)}">`,
    '    <properties>',
    ...[
      ['model', model],
      ['run_id', run.id],
      ['suite_hash', run.suite.hash],
      ['data_file', run.data.file],
      ['data_hash', run.data.hash],
      ['data_rows', String(run.data.rows)],
      ['seed', String(run.seed)],
    ].map(([name, value]) => `      <property name="${name}" value="${xml(value!)}"/>`),
    '    </properties>',
  ];
  for (const check of run.checks) {
    const open = `    <testcase classname="ballast.${xml(check.type)}" name="${xml(check.name)}" time="0">`;
    if (isFailure(check)) {
      lines.push(
        open,
        `      <failure message="${xml(check.message)}" type="${xml(check.type)}">${xml(valuesText(check))}</failure>`,
        '    </testcase>',
      );
    } else if (!check.passed) {
      lines.push(open, `      <system-out>${xml(`warning: ${check.message}\n${valuesText(check)}`)}</system-out>`, '    </testcase>');
    } else lines.push(open.replace(/>$/, '/>'));
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

function isFailure(check: CheckResult): boolean {
  return !check.passed && check.severity === 'error';
}

/** Each value with its bound and interval, one a line: what the failure's body shows. */
function valuesText(check: CheckResult): string {
  return Object.entries(check.values)
    .map(([name, value]) => {
      const bound = check.bounds[name];
      const interval = check.intervals?.[name];
      return `${name} = ${value ?? 'undefined'}${bound ? ` (bound ${boundText(bound)})` : ''}${interval ? ` interval [${interval[0]}, ${interval[1]}]` : ''}`;
    })
    .join('\n');
}

export function boundText(bound: Bound): string {
  if (bound.min !== undefined && bound.max !== undefined) return `${bound.min} ≤ x ≤ ${bound.max}`;
  return bound.min !== undefined ? `≥ ${bound.min}` : `≤ ${bound.max}`;
}

/**
 * Text escaped for XML attributes and content; characters XML 1.0 cannot carry at all (most control
 * characters, lone surrogates) become U+FFFD instead of making the file unreadable.
 */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;');
}
