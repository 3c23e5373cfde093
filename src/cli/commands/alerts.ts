import { Command } from 'commander';
import { alertsSilenceCommand } from './alerts-silence.ts';
import { alertsSilencesCommand } from './alerts-silences.ts';
import { alertsUnsilenceCommand } from './alerts-unsilence.ts';

export function alertsCommand(): Command {
  return new Command('alerts')
    .description('alert rules, their notifications and silences')
    .addCommand(alertsSilenceCommand())
    .addCommand(alertsSilencesCommand())
    .addCommand(alertsUnsilenceCommand());
}
