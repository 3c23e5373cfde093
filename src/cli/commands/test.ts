import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { CHECK_EVALUATORS } from '../../app/model-tests/check-evaluators.ts';
import { runModelTests } from '../../app/model-tests/run-model-tests.ts';
import { testRunHtml } from '../../core/model-tests/html-report.ts';
import { BallastError } from '../../core/errors.ts';
import { junitReport } from '../../core/model-tests/junit-report.ts';
import type { TestRunWire } from '../../core/model-tests/suite-types.ts';
import { withContext } from '../cli-context.ts';

export function testCommand(): Command {
  return (
    new Command('test')
      .description(
        'run a model test suite (ballast.tests/v1) against a version and store the run; exit 0 when every error check passes, 1 when one fails, 2 on a usage error',
      )
      .argument('<model-ref>', 'NAME, NAME@alias or NAME:version')
      // Checked in the action rather than by commander, so docs may quote `ballast test --json` as a flag of the command.
      .option('--suite <file>', 'the suite (YAML or JSON); required')
      .option('--data <file>', 'labelled test data (CSV, JSON Lines or Parquet); required')
      .option('--label <column>', 'the label column of the data; required')
      .option('--json', 'print the run as JSON')
      .option('--junit <file>', 'also write the run as JUnit XML (for CI)')
      .option('--html <file>', 'also write the run as an HTML page')
      .action(
        async (
          ref: string,
          options: { suite?: string; data?: string; label?: string; json?: boolean; junit?: string; html?: string },
          command: Command,
        ) => {
          const { suite, data, label } = options;
          if (suite === undefined || data === undefined || label === undefined) {
            const missing = [suite === undefined && '--suite', data === undefined && '--data', label === undefined && '--label'];
            throw new BallastError(
              'invalid_argument',
              `ballast test needs ${missing.filter(Boolean).join(', ')}: the suite, the labelled data and its label column`,
            );
          }
          const { wire } = await withContext(command, (ctx) =>
            runModelTests(ctx, { ref, suiteFile: suite, dataFile: data, label, evaluators: CHECK_EVALUATORS }),
          );
          if (options.junit) await writeFile(options.junit, junitReport(wire));
          if (options.html) await writeFile(options.html, testRunHtml(wire));
          console.log(options.json ? JSON.stringify(wire, null, 2) : formatTestRun(wire));
          if (!wire.passed) process.exitCode = 1;
        },
      )
  );
}

/** One line per check (✓/✗, name, type, message), then the verdict and the run: what `ballast test` and `tests show` print. */
export function formatTestRun(run: TestRunWire): string {
  const lines = run.checks.map((check) => {
    const mark = check.passed ? '✓' : check.severity === 'error' ? '✗' : '!';
    return `${mark} ${check.name} (${check.type}${check.severity === 'warning' ? ', warning' : ''}): ${check.message}`;
  });
  const failed = run.checks.filter((c) => !c.passed && c.severity === 'error').length;
  const warned = run.checks.filter((c) => !c.passed && c.severity === 'warning').length;
  const counts = `${run.checks.length - failed - warned}/${run.checks.length} checks passed${warned > 0 ? `, ${warned} warning${warned === 1 ? '' : 's'}` : ''}`;
  lines.push(
    `${run.passed ? 'PASSED' : `FAILED (${failed} error check${failed === 1 ? '' : 's'} failed)`}: ${counts}`,
    `run ${run.id}: suite ${run.suite.name} on ${run.model.name}:${run.model.version}, ${run.data.rows} rows of ${run.data.file}, seed ${run.seed}, by ${run.created_by} at ${run.created_at}`,
  );
  return lines.join('\n');
}
