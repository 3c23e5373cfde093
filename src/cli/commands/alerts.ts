import { Command } from 'commander';
import { alertsApplyCommand } from './alerts-apply.ts';
import { alertsDeleteCommand } from './alerts-delete.ts';
import { alertsExportCommand } from './alerts-export.ts';
import { alertsListCommand } from './alerts-list.ts';
import { alertsSilenceCommand } from './alerts-silence.ts';
import { alertsSilencesCommand } from './alerts-silences.ts';
import { alertsUnsilenceCommand } from './alerts-unsilence.ts';

/** The alerts command group: one file per subcommand, so the parts of alerting each add their own. */
export function alertsCommand(): Command {
  const alerts = new Command('alerts').description(
    'alert rules on monitoring signals: apply a rules file, list rules with their state, delete; silences; export as Prometheus rules',
  );
  alerts.addCommand(alertsApplyCommand());
  alerts.addCommand(alertsListCommand());
  alerts.addCommand(alertsDeleteCommand());
  alerts.addCommand(alertsSilenceCommand());
  alerts.addCommand(alertsSilencesCommand());
  alerts.addCommand(alertsUnsilenceCommand());
  alerts.addCommand(alertsExportCommand());
  return alerts;
}
