import { Command, InvalidArgumentError } from 'commander';
import { silenceRule } from '../../app/alerts/silences.ts';
import { parseDuration } from '../../core/contracts/parse-duration.ts';
import { withContext } from '../cli-context.ts';

function duration(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) throw new InvalidArgumentError('must be a duration such as 2h, 30m or 1d');
  return ms;
}

/** `ballast alerts silence RULE --for 2h --reason TEXT` */
export function alertsSilenceCommand(): Command {
  return new Command('silence')
    .description("mute a rule's notifications for a while (it is still evaluated; incidents and rollbacks still follow it)")
    .argument('<rule>', 'the rule name')
    .requiredOption('--for <duration>', 'how long, e.g. 2h (at most 90d)', duration)
    .requiredOption('--reason <text>', 'why: shown to everyone who lists silences')
    .action(async (rule: string, options: { for: number; reason: string }, command: Command) => {
      const silence = await withContext(command, (ctx) => silenceRule(ctx, { rule, durationMs: options.for, reason: options.reason }));
      console.log(
        `silenced ${silence.rule} until ${silence.endsAt} (silence ${silence.id}; ballast alerts unsilence ${silence.id} lifts it)`,
      );
    });
}
