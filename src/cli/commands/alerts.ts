import { Command } from 'commander';
import { alertsApplyCommand } from './alerts-apply.ts';
import { alertsDeleteCommand } from './alerts-delete.ts';
import { alertsListCommand } from './alerts-list.ts';

/** The alerts command group: one file per subcommand, so the parts of alerting each add their own. */
export function alertsCommand(): Command {
  const alerts = new Command('alerts').description(
    'alert rules on monitoring signals: apply a rules file, list rules with their state, delete',
  );
  alerts.addCommand(alertsApplyCommand());
  alerts.addCommand(alertsListCommand());
  alerts.addCommand(alertsDeleteCommand());
  return alerts;
}
