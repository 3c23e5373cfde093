import { Command } from 'commander';
import { importFeedback, type FeedbackImportSummary } from '../../app/feedback-import.ts';
import { formatIssue, formatPath } from '../../core/issues.ts';
import { withContext } from '../cli-context.ts';
import { progressBar } from '../progress.ts';

interface ImportOptions {
  deployment: string;
  idColumn?: string;
  requestIdColumn?: string;
  labelColumn?: string;
  json?: boolean;
}

export function feedbackCommand(): Command {
  const feedback = new Command('feedback').description('ground truth (labels) for logged predictions');
  feedback
    .command('import')
    .description(
      'import labels from a CSV, JSON Lines or Parquet file, streaming; exit 1 when a row was refused (unknown prediction or invalid label). A later row for the same prediction replaces an earlier one (both kept); CSV labels are read as the model\'s values ("1" is the class 1)',
    )
    .argument('<file>', 'labels, one row per prediction (CSV with a header, JSON Lines or Parquet)')
    .requiredOption('--deployment <name>', 'the deployment whose logged predictions the labels are for')
    .option('--id-column <name>', 'the column holding the prediction id (default prediction_id)')
    .option('--request-id-column <name>', 'join by request id instead: the label goes to every prediction of that request')
    .option('--label-column <name>', "the column holding the label: a class, or a regressor's number (default label)")
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, options: ImportOptions, command: Command) => {
      const progress = progressBar(`importing labels into ${options.deployment}`);
      const summary = await withContext(command, (ctx) =>
        importFeedback(ctx, {
          file,
          deployment: options.deployment,
          idColumn: options.idColumn,
          requestIdColumn: options.requestIdColumn,
          labelColumn: options.labelColumn,
          onProgress: (done, total) => progress.update(done, total),
        }),
      ).finally(() => progress.stop());
      console.log(options.json ? JSON.stringify(summaryView(summary), null, 2) : formatSummary(file, options.deployment, summary));
      if (summary.unknown > 0 || summary.invalid > 0) process.exitCode = 1;
    });
  return feedback;
}

function summaryView(s: FeedbackImportSummary) {
  return {
    rows: s.rows,
    accepted: s.accepted,
    replaced: s.replaced,
    unknown: s.unknown,
    invalid: s.invalid,
    issues: s.issues,
    unknown_rows: s.unknownRows,
    in_server_journal: s.inServerJournal,
  };
}

function formatSummary(file: string, deployment: string, s: FeedbackImportSummary): string {
  const lines = [
    `${file} -> ${deployment}: ${s.rows} rows: ${s.accepted} accepted, ${s.replaced} replaced, ${s.unknown} unknown, ${s.invalid} invalid`,
  ];
  if (s.inServerJournal > 0) {
    lines.push(
      `${s.inServerJournal} prediction${s.inServerJournal === 1 ? ' was' : 's were'} still in a running server's prediction journal, not yet in the table, when the import stopped waiting for them: labels for them were counted unknown; import those rows again once the server has caught up`,
    );
  }
  if (s.unknownRows.length > 0) {
    lines.push(`unknown predictions${s.unknown > s.unknownRows.length ? ` (the first ${s.unknownRows.length})` : ''}:`);
    for (const u of s.unknownRows) lines.push(`  ${formatPath(['row', u.row])}: ${u.message}`);
  }
  if (s.issues.length > 0) {
    lines.push(`invalid rows${s.invalid > s.issues.length ? ` (the first ${s.issues.length} problems)` : ''}:`);
    for (const issue of s.issues) lines.push(`  ${formatIssue(issue)}`);
  }
  return lines.join('\n');
}
