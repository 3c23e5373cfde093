import { Command } from 'commander';
import { findTestRun, listTestRuns } from '../../app/model-tests/test-runs.ts';
import { withContext } from '../cli-context.ts';
import { formatTestRun } from './test.ts';

export function testsCommand(): Command {
  const tests = new Command('tests').description('stored model test runs');

  tests
    .command('list')
    .description("a version's test runs, newest first")
    .argument('<model-ref>', 'NAME, NAME@alias or NAME:version')
    .option('--json', 'print JSON ({"runs": [...]})')
    .action(async (ref: string, options: { json?: boolean }, command: Command) => {
      const runs = await withContext(command, (ctx) => listTestRuns(ctx, ref));
      if (options.json) console.log(JSON.stringify({ runs }, null, 2));
      else if (runs.length === 0)
        console.log(`no test runs of ${ref} yet; run one with ballast test ${ref} --suite FILE --data FILE --label COLUMN`);
      else
        for (const run of runs) {
          const failed = run.checks.filter((c) => !c.passed && c.severity === 'error').length;
          console.log(
            `${run.id}  ${run.created_at}  ${run.passed ? 'passed' : 'FAILED'}  ${run.suite.name}  ${run.checks.length} checks${failed > 0 ? ` (${failed} failed)` : ''}  ${run.data.rows} rows  by ${run.created_by}`,
          );
        }
    });

  tests
    .command('show')
    .description('one test run with every check')
    .argument('<run-id>', 'the run id')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const run = await withContext(command, (ctx) => findTestRun(ctx, id));
      console.log(options.json ? JSON.stringify(run, null, 2) : formatTestRun(run));
    });

  return tests;
}
