import { BALLAST_VERSION } from '../app/version.ts';
import { Command, CommanderError } from 'commander';
import { BallastError } from '../core/errors.ts';
import { isClosedOutput, watchClosedOutput } from './closed-output.ts';
import { formatIssue } from '../core/issues.ts';
import { alertsCommand } from './commands/alerts.ts';
import { auditCommand } from './commands/audit.ts';
import { contractCommand } from './commands/contract.ts';
import { counterfactualCommand } from './commands/counterfactual.ts';
import { demoCommand } from './commands/demo.ts';
import { driftCommand } from './commands/drift.ts';
import { ensembleCommand } from './commands/ensemble.ts';
import { explainCommand } from './commands/explain.ts';
import { feedbackCommand } from './commands/feedback.ts';
import { deployCommand, deploymentsCommand } from './commands/deploy.ts';
import { tokensCommand } from './commands/tokens.ts';
import { policyCommand } from './commands/policy.ts';
import { approvalsCommand } from './commands/approvals.ts';
import { modelsCommand } from './commands/models.ts';
import { importanceCommand } from './commands/importance.ts';
import { featuresCommand } from './commands/features.ts';
import { pipelineCommand } from './commands/pipeline.ts';
import { incidentsCommand } from './commands/incidents.ts';
import { kpisCommand } from './commands/kpis.ts';
import { monitoringCommand } from './commands/monitoring.ts';
import { oncallCommand } from './commands/oncall.ts';
import { performanceCommand } from './commands/performance.ts';
import { permutationImportanceCommand } from './commands/permutation-importance.ts';
import { predictCommand } from './commands/predict.ts';
import { predictionsCommand } from './commands/predictions.ts';
import { profileCommand } from './commands/profile.ts';
import { reviewCommand } from './commands/review.ts';
import { reviewsCommand } from './commands/reviews.ts';
import { rollbacksCommand } from './commands/rollbacks.ts';
import { rolloutCommand } from './commands/rollout.ts';
import { serveCommand } from './commands/serve.ts';
import { shadowCommand } from './commands/shadow.ts';
import { snapshotsCommand } from './commands/snapshots.ts';
import { sloCommand } from './commands/slo.ts';
import { testCommand } from './commands/test.ts';
import { testsCommand } from './commands/tests.ts';
import { cardCommand } from './commands/card.ts';

/** Exit codes: 0 success, 1 the work failed, 2 the input was wrong (usage, files, data, references). */
function exitCodeFor(error: unknown): number {
  if (error instanceof BallastError) return error.status < 500 ? 2 : 1;
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  return 1;
}

export function buildProgram(): Command {
  const program = new Command('ballast')
    .description('Keeps machine-learning models dependable in production.')
    .version(BALLAST_VERSION)
    .option('--db <url>', 'database: sqlite:PATH or postgres://… (env BALLAST_DB; default sqlite:<data-dir>/ballast.db)')
    .option('--data-dir <dir>', 'where artifacts and the embedded database live (env BALLAST_DATA_DIR; default ./.ballast)')
    .option('--online-store <url>', 'online features: database (default) or redis://HOST:PORT (env BALLAST_ONLINE_STORE)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const command of [
    modelsCommand(),
    snapshotsCommand(),
    contractCommand(),
    predictCommand(),
    explainCommand(),
    counterfactualCommand(),
    predictionsCommand(),
    deployCommand(),
    deploymentsCommand(),
    policyCommand(),
    approvalsCommand(),
    feedbackCommand(),
    serveCommand(),
    tokensCommand(),
    auditCommand(),
    driftCommand(),
    performanceCommand(),
    permutationImportanceCommand(),
    profileCommand(),
    monitoringCommand(),
    kpisCommand(),
    alertsCommand(),
    rollbacksCommand(),
    ensembleCommand(),
    shadowCommand(),
    rolloutCommand(),
    incidentsCommand(),
    reviewCommand(),
    reviewsCommand(),
    oncallCommand(),
    sloCommand(),
    testCommand(),
    testsCommand(),
    demoCommand(),
    importanceCommand(),
    cardCommand(),
    featuresCommand(),
    pipelineCommand(),
  ]) {
    program.addCommand(command);
  }
  // Subcommands inherit exitOverride so every usage error reaches one handler.
  const inherit = (command: Command) => command.commands.forEach((sub) => inherit(sub.exitOverride()));
  inherit(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  watchClosedOutput();
  try {
    await buildProgram().parseAsync(argv);
    // A command may finish its output and still report failure (a contract that did not pass).
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) return exitCodeFor(error); // commander already printed the message
    // The reader of standard output stopped reading (`| head`): the command ends as it would have.
    if (isClosedOutput(error)) return Number(process.exitCode ?? 0);
    if (error instanceof BallastError) {
      console.error(`error: ${error.message}`);
      // The message names the first problem; a person fixing a file by hand wants the whole list.
      if (error.issues.length > 1) for (const issue of error.issues) console.error(`  ${formatIssue(issue)}`);
    } else {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
      if (process.env.BALLAST_DEBUG && error instanceof Error) console.error(error.stack);
    }
    return exitCodeFor(error);
  }
}
