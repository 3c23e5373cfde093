import { Command, InvalidArgumentError } from 'commander';
import { describePrediction } from '../../app/lineage.ts';
import { listPredictions } from '../../app/predictions.ts';
import { presentPredictions } from '../../app/privacy/sensitive-reads.ts';
import type { PredictionLogRecord } from '../../core/serving-records.ts';
import { describedPredictionView, predictionView } from '../../server/views/prediction-views.ts';
import { withContext } from '../cli-context.ts';

function limit(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 500) throw new InvalidArgumentError('must be a whole number from 1 to 500');
  return n;
}

/** `ID  AT  DEPLOYMENT  credit:2  canary  label yes (0.81)  3.2 ms`; a role of `-`: logged before roles were recorded. */
function formatPrediction(p: PredictionLogRecord): string {
  const output = p.output as { label?: unknown; probabilities?: number[]; value?: unknown };
  const answer =
    'value' in output
      ? `value ${String(output.value)}`
      : `label ${String(output.label)}${output.probabilities ? ` (${Math.max(...output.probabilities).toFixed(2)})` : ''}`;
  const flagged = p.violations && p.violations.length > 0 ? `  flagged ${p.violations.map((v) => `${v.column}:${v.code}`).join(', ')}` : '';
  return `${p.id}  ${p.at}  ${p.deploymentName}  ${p.modelName}:${p.modelVersion}  ${p.role ?? '-'}  ${answer}  ${p.latencyMs.toFixed(1)} ms${flagged}`;
}

export function predictionsCommand(): Command {
  const predictions = new Command('predictions').description('read the prediction log');
  predictions
    .command('list')
    .description('logged predictions, newest first, each with the version and role (stable, canary, green, variant) that answered')
    .option('--deployment <name>', 'only this deployment')
    .option('--request-id <id>', 'only the predictions of this request')
    .option('--flagged', 'only predictions with contract violations')
    .option('--before <id>', 'the page before this prediction id (the `next` of the previous page)')
    .option('--limit <n>', 'how many (1-500)', limit, 20)
    .option('--json', 'print JSON (as GET /v1/predictions answers)')
    .option('--show-sensitive', "show the values of versions' sensitive columns unmasked (recorded in the audit log as sensitive.read)")
    .action(
      async (
        options: {
          deployment?: string;
          requestId?: string;
          flagged?: boolean;
          before?: string;
          limit: number;
          json?: boolean;
          showSensitive?: boolean;
        },
        command: Command,
      ) => {
        const page = await withContext(command, async (ctx) => {
          const found = await listPredictions(ctx, options);
          const access = { reveal: options.showSensitive === true, route: 'ballast predictions list' };
          return { ...found, predictions: await presentPredictions(ctx, access, found.predictions) };
        });
        if (options.json) console.log(JSON.stringify({ predictions: page.predictions.map(predictionView), next: page.next }, null, 2));
        else if (page.predictions.length === 0) console.log('no predictions logged');
        else console.log(page.predictions.map(formatPrediction).join('\n'));
      },
    );
  predictions
    .command('show')
    .description(
      'one logged prediction with its lineage: model artifact, training snapshot, contract, and the online features it was completed with',
    )
    .argument('<id>', 'the prediction id (prediction_id in the predict answer)')
    .option('--json', 'print JSON (as GET /v1/predictions/{id} answers)')
    .option('--show-sensitive', "show the values of versions' sensitive columns unmasked (recorded in the audit log as sensitive.read)")
    .action(async (id: string, options: { json?: boolean; showSensitive?: boolean }, command: Command) => {
      const detail = await withContext(command, async (ctx) => {
        const described = await describePrediction(ctx, id);
        const access = { reveal: options.showSensitive === true, route: 'ballast predictions show' };
        const [shown] = await presentPredictions(ctx, access, [described.record]);
        return describedPredictionView(shown!, described);
      });
      if (options.json) console.log(JSON.stringify(detail, null, 2));
      else console.log(formatDetail(detail));
    });
  return predictions;
}

/** The prediction line, then its lineage and, for an enriched one, each feature with its value, event time and origin. */
function formatDetail(d: ReturnType<typeof describedPredictionView>): string {
  const l = d.lineage;
  const lines = [
    `${d.id}  ${d.at}  ${d.deployment}  ${l.model}  ${d.role ?? '-'}  ${d.latency_ms.toFixed(1)} ms`,
    `  output    ${JSON.stringify(d.output)}`,
    `  artifact  ${l.artifact_sha256 ?? '-'} (${l.format ?? '-'})`,
    `  snapshot  ${l.snapshot_sha256 ?? '-'}`,
    `  code      ${l.code_ref ?? '-'}`,
    `  contract  ${l.contract ? `${l.contract.name} ${l.contract.sha256}` : '-'}`,
  ];
  const e = d.enrichment;
  if (e) {
    lines.push(`  features  definitions v${e.feature_set_version}, ${e.entity_key}=${e.key ?? '-'}`);
    for (const f of e.features)
      lines.push(`    ${f.ref.padEnd(32)} ${JSON.stringify(f.value).padEnd(14)} ${f.origin.padEnd(9)} ${f.event_time ?? ''}`.trimEnd());
  }
  return lines.join('\n');
}
