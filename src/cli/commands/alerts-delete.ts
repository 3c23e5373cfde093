import { Command } from 'commander';
import { deleteAlertRule } from '../../app/alerts/alert-rules.ts';
import { withContext } from '../cli-context.ts';

export function alertsDeleteCommand(): Command {
  return new Command('delete')
    .description('remove one alert rule and its state (audited)')
    .argument('<name>', 'the rule (from alerts list)')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withContext(command, (ctx) => deleteAlertRule(ctx, name));
      console.log(`deleted alert rule ${name}`);
    });
}
