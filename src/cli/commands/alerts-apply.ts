import { Command } from 'commander';
import { applyAlertRules, readAlertRulesFile } from '../../app/alerts/alert-rules.ts';
import { withContext } from '../cli-context.ts';

export function alertsApplyCommand(): Command {
  return new Command('apply')
    .description(
      'replace every alert rule with those of a ballast.alerts/v1 file (YAML or JSON), checked whole first: exit 2 and nothing applied on any problem',
    )
    .argument('<file>', 'the rules file')
    .action(async (file: string, _options: unknown, command: Command) => {
      const document = await readAlertRulesFile(file);
      // Whoever runs the CLI holds the database itself, so it acts as an admin (receivers may change).
      const applied = await withContext(command, (ctx) => applyAlertRules(ctx, document, 'admin'));
      const parts = [
        applied.added.length > 0 ? `added ${applied.added.join(', ')}` : '',
        applied.changed.length > 0 ? `changed ${applied.changed.join(', ')}` : '',
        applied.removed.length > 0 ? `removed ${applied.removed.join(', ')}` : '',
      ].filter((part) => part !== '');
      console.log(
        `applied ${applied.rules} alert rule${applied.rules === 1 ? '' : 's'}${parts.length > 0 ? ` (${parts.join('; ')})` : ''}; receivers ${applied.receiversChanged ? 'replaced' : 'unchanged'}`,
      );
    });
}
