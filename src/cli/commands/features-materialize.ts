import { Command } from 'commander';
import { materializeFeatures } from '../../app/features/materialize.ts';
import { withContext } from '../cli-context.ts';
import { printTable } from './features-table.ts';

export function featuresMaterializeCommand(): Command {
  return new Command('materialize')
    .description(
      "write each entity's latest feature values with start < event time <= end into the online store (incremental: each view starts where its last run ended)",
    )
    .option('--start <iso>', "window start, exclusive (default: the view's last successful end; first run: end - ttl, or the beginning)")
    .option('--end <iso>', 'window end, inclusive (default: now)')
    .option('--views <names>', 'only these views, comma-separated (default: all)')
    .option('--json', 'print JSON')
    .action(async (options: { start?: string; end?: string; views?: string; json?: boolean }, command: Command) => {
      const views = options.views
        ?.split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      const result = await withContext(command, (ctx) => materializeFeatures(ctx, { start: options.start, end: options.end, views }));
      if (options.json) {
        console.log(
          JSON.stringify(
            {
              feature_set_version: result.featureSetVersion,
              online_store: result.onlineStore,
              views: result.views.map((v) => ({ view: v.view, start: v.startTime, end: v.endTime, rows: v.rows, status: v.status })),
            },
            null,
            2,
          ),
        );
        return;
      }
      console.log(`feature set v${result.featureSetVersion} -> ${result.onlineStore} online store`);
      printTable(
        ['VIEW', 'START (EXCLUSIVE)', 'END', 'ROWS', 'STATUS'],
        result.views.map((v) => [v.view, v.startTime ?? 'beginning', v.endTime, String(v.rows), v.status.replace('_', ' ')]),
      );
    });
}
