import { Command } from 'commander';
import { inProcessCandidates } from '../../app/rollouts/in-process-candidates.ts';
import { rolloutVerb } from '../../app/rollouts/rollout-verbs.ts';
import type { RolloutVerb } from '../../core/rollouts/rollout-moves.ts';
import { withContext } from '../cli-context.ts';
import { formatRolloutStatus } from './rollout-format.ts';

const WHAT: Record<RolloutVerb, string> = {
  pause: 'hold the candidate at its current share; no gate runs until resume',
  resume: 'continue a paused rollout; the current step starts again',
  promote: 'make the candidate the stable version now and end the rollout',
  abort: 'send all traffic back to the stable version at once and end the rollout',
  switch: 'blue/green: smoke-test green again, then move all traffic to it; blue stays loaded for --keep-previous',
  rollback: 'blue/green after switch: move all traffic back to blue at once and end the rollout',
};

/** One subcommand of `rollout` per verb, each taking the deployment and an optional reason. */
export function rolloutVerbCommand(verb: RolloutVerb): Command {
  return new Command(verb)
    .description(WHAT[verb])
    .argument('<deployment>', 'the deployment')
    .option('--reason <text>', 'why, for the audit log and the history')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { reason?: string; json?: boolean }, command: Command) => {
      const status = await withContext(command, (ctx) =>
        rolloutVerb(ctx, name, verb, { reason: options.reason }, { serving: inProcessCandidates(ctx) }),
      );
      console.log(options.json ? JSON.stringify(status, null, 2) : formatRolloutStatus(status));
    });
}
