import { Command } from 'commander';
import { ROLLOUT_VERBS } from '../../core/rollouts/rollout-moves.ts';
import { rolloutStartCommand } from './rollout-start.ts';
import { rolloutHistoryCommand, rolloutStatusCommand } from './rollout-status.ts';
import { rolloutVerbCommand } from './rollout-verbs.ts';
import { rolloutAbCommand } from './rollout-ab.ts';

/** The rollout command group (docs/rollouts.md): one file per kind of subcommand, so other parts add theirs (`rollout ab`). */
export function rolloutCommand(): Command {
  const rollout = new Command('rollout').description(
    'canary, blue/green and A/B rollouts of a deployment: start, status, pause, resume, promote, abort, switch, rollback, history',
  );
  rollout.addCommand(rolloutStartCommand());
  rollout.addCommand(rolloutStatusCommand());
  for (const verb of ROLLOUT_VERBS) rollout.addCommand(rolloutVerbCommand(verb));
  rollout.addCommand(rolloutHistoryCommand());
  rollout.addCommand(rolloutAbCommand());
  return rollout;
}
