import { Command } from 'commander';
import { listFeatureSets } from '../../app/features/feature-sets.ts';
import { featureSetSummaryWire } from '../../core/features/feature-definitions-wire.ts';
import { withContext } from '../cli-context.ts';
import { printTable } from './features-table.ts';

export function featuresListCommand(): Command {
  return new Command('list')
    .description('every applied version of the feature definitions, newest (current) first')
    .option('--json', 'print JSON: {"feature_sets": [...]}')
    .action(async (options: { json?: boolean }, command: Command) => {
      const wire = (await withContext(command, (ctx) => listFeatureSets(ctx))).map(featureSetSummaryWire);
      if (options.json) {
        console.log(JSON.stringify({ feature_sets: wire }, null, 2));
        return;
      }
      if (wire.length === 0) {
        console.log('no feature definitions applied; apply a file with ballast features apply FILE');
        return;
      }
      printTable(
        ['VERSION', 'CREATED', 'BY', 'VIEWS', 'FEATURES', 'ON-DEMAND', 'SHA256', 'FILE'],
        wire.map((r, i) => [
          `${r.version}${i === 0 ? ' (current)' : ''}`,
          r.created_at,
          r.created_by,
          r.feature_views.join(',') || '-',
          String(r.features),
          String(r.on_demand_features),
          r.sha256.slice(0, 12),
          r.source_file,
        ]),
      );
    });
}
