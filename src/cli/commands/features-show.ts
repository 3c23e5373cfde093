import { Command, InvalidArgumentError } from 'commander';
import { currentFeatureSet } from '../../app/features/current-feature-set.ts';
import { findFeatureView } from '../../app/features/feature-sets.ts';
import type { FeatureDefinition, FeatureSetRecord, FeatureViewDefinition } from '../../core/features/feature-definitions.ts';
import { featureDefinitionsDocument, featureSetWire } from '../../core/features/feature-definitions-wire.ts';
import { withContext } from '../cli-context.ts';

export function featuresShowCommand(): Command {
  return new Command('show')
    .description(
      'the current feature definitions (or --version N): entities, sources, views with their features, on-demand features; or one view',
    )
    .argument('[view]', 'show only this feature view')
    .option('--version <n>', 'a version other than the current one', version)
    .option('--json', 'print JSON (the shape of GET /v1/features; its definitions are a document features apply reads back)')
    .action(async (view: string | undefined, options: { version?: number; json?: boolean }, command: Command) => {
      const record = await withContext(command, (ctx) => currentFeatureSet(ctx, options.version));
      if (view !== undefined) {
        const found = findFeatureView(record, view);
        if (options.json) {
          const document = featureDefinitionsDocument({ ...record.definitions, featureViews: [found] });
          console.log(JSON.stringify({ version: record.version, feature_view: document.feature_views[0] }, null, 2));
        } else console.log(formatView(record, found).join('\n'));
        return;
      }
      if (options.json) console.log(JSON.stringify(featureSetWire(record), null, 2));
      else console.log(formatFeatureSet(record).join('\n'));
    });
}

function version(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a version is a whole number from 1');
  return n;
}

function formatFeatureSet(record: FeatureSetRecord): string[] {
  const { entities, sources, featureViews, onDemandFeatures } = record.definitions;
  const lines = [
    `feature definitions version ${record.version}, applied ${record.createdAt} by ${record.createdBy} from ${record.sourceFile}`,
    `sha256 ${record.sha256}`,
    '',
    'entities:',
    ...entities.map((e) => `  ${e.name}: key ${e.key}${e.description ? ` (${e.description})` : ''}`),
    'sources:',
    ...sources.map(
      (s) =>
        `  ${s.name}: ${s.path ?? `table ${s.table}`}, event time ${s.timestamp}${s.createdTimestamp ? `, created ${s.createdTimestamp}` : ''}`,
    ),
  ];
  for (const view of featureViews) lines.push('', ...formatView(record, view).slice(1));
  if (onDemandFeatures.length > 0) {
    lines.push('', 'on-demand features (from request fields, as on_demand:NAME):');
    for (const f of onDemandFeatures) lines.push(`  ${f.name} (${f.type}) = ${f.expr}${f.description ? `  # ${f.description}` : ''}`);
  }
  return lines;
}

function formatView(record: FeatureSetRecord, view: FeatureViewDefinition): string[] {
  const ttl = view.ttlSeconds === null ? 'no ttl' : `ttl ${formatSeconds(view.ttlSeconds)}`;
  return [
    `feature definitions version ${record.version}`,
    `view ${view.name}: entity ${view.entity}, source ${view.source}, ${ttl}`,
    ...view.features.map((f) => `  ${view.name}:${formatFeature(f)}`),
  ];
}

function formatFeature(f: FeatureDefinition): string {
  return `${f.name} (${f.type})${f.expr !== undefined ? ` = ${f.expr}` : ''}${f.description ? `  # ${f.description}` : ''}`;
}

/** 7776000 → 90d, 43200 → 12h: the units a definitions file is written in. */
function formatSeconds(seconds: number): string {
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const)
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  return `${seconds}s`;
}
