import { Command } from 'commander';
import { describeSnapshot } from '../../app/lineage.ts';
import { withContext } from '../cli-context.ts';
import { formatSnapshot } from '../format-registry.ts';

export function snapshotsCommand(): Command {
  const snapshots = new Command('snapshots').description('training data snapshots and the versions trained on them');

  snapshots
    .command('list')
    .description('list dataset snapshots')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const list = await withContext(command, (ctx) => ctx.store.snapshots.list());
      if (options.json) console.log(JSON.stringify(list, null, 2));
      else if (list.length === 0) console.log('no snapshots yet; register a model with --training-data');
      else for (const s of list) console.log(`${s.id}  ${s.sha256.slice(0, 12)}  ${s.rowCount} rows × ${s.columnCount} cols  ${s.source}`);
    });

  snapshots
    .command('show')
    .description('show a snapshot and every model version trained on it')
    .argument('<id-or-sha256>', 'snapshot id, or its sha256 (a prefix of 6 or more characters will do)')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const lineage = await withContext(command, (ctx) => describeSnapshot(ctx, id));
      console.log(options.json ? JSON.stringify(lineage, null, 2) : formatSnapshot(lineage));
    });

  return snapshots;
}
