import { Command } from 'commander';
import { lookupFeatures } from '../../app/features/lookup-features.ts';
import { withContext } from '../cli-context.ts';
import { printTable } from './features-table.ts';

export function featuresGetCommand(): Command {
  return new Command('get')
    .description("a view's online feature values for entity keys, as served (GET /v1/features/{view})")
    .argument('<view>', 'the feature view')
    .argument('<keys...>', 'entity keys')
    .option('--json', 'print JSON (the shape of GET /v1/features/{view})')
    .action(async (view: string, keys: string[], options: { json?: boolean }, command: Command) => {
      const lookup = await withContext(command, (ctx) => lookupFeatures(ctx, view, keys));
      if (options.json) {
        const rows = lookup.rows.map((r) => ({ key: r.key, found: r.found, event_time: r.eventTime, values: r.values }));
        console.log(JSON.stringify({ view: lookup.view, features: lookup.features, rows }, null, 2));
        return;
      }
      printTable(
        ['KEY', 'EVENT TIME', ...lookup.features.map((f) => f.toUpperCase())],
        lookup.rows.map((r) => [
          r.key,
          r.found ? r.eventTime! : 'not found',
          ...lookup.features.map((f) => (r.values[f] === null ? '-' : String(r.values[f]))),
        ]),
      );
    });
}
