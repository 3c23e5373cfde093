import { Command } from 'commander';
import { unsilence } from '../../app/alerts/silences.ts';
import { withContext } from '../cli-context.ts';

/** `ballast alerts unsilence ID` */
export function alertsUnsilenceCommand(): Command {
  return new Command('unsilence')
    .description('lift a running silence now')
    .argument('<id>', 'the silence id (from alerts silences)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const silence = await withContext(command, (ctx) => unsilence(ctx, id));
      console.log(`lifted silence ${silence.id} of ${silence.rule}`);
    });
}
