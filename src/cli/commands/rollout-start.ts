import { Command, Option } from 'commander';
import { actorOverride } from '../../app/governance/actor-override.ts';
import { inProcessCandidates } from '../../app/rollouts/in-process-candidates.ts';
import { readRolloutGateFile } from '../../app/rollouts/rollout-gate-file.ts';
import { startRollout } from '../../app/rollouts/start-rollout.ts';
import { ROLLOUT_STRATEGIES } from '../../core/rollouts/deployment-routing.ts';
import { withContext } from '../cli-context.ts';
import { commaList } from '../parse-options.ts';
import { formatRolloutStatus } from './rollout-format.ts';

interface StartOptions {
  to: string;
  strategy: string;
  steps?: string[];
  stepDuration?: string;
  split?: string;
  stickyKey?: string;
  gate?: string;
  keepPrevious?: string;
  force?: boolean;
  reason?: string;
  json?: boolean;
}

export function rolloutStartCommand(): Command {
  return new Command('start')
    .description('start a canary, blue/green or A/B rollout to a candidate version, once it loads and answers a smoke request')
    .argument('<deployment>', 'the deployment')
    .requiredOption('--to <model>', 'the candidate: NAME:VERSION or NAME@alias')
    .addOption(new Option('--strategy <strategy>', 'how traffic moves').choices([...ROLLOUT_STRATEGIES]).makeOptionMandatory())
    .option('--steps <percents>', "canary: the candidate's share at each step, rising to 100 (default 10,25,50,100)", commaList)
    .option('--step-duration <duration>', 'canary and A/B: how long a step runs before its gate, e.g. 30s, 10m, 1h (default 10m)')
    .option('--split <percent>', "A/B: the variant's share, 1-99 (default 50)")
    .option('--sticky-key <key>', 'FIELD of each instance, or header:NAME: the same value always gets the same version')
    .option('--gate <file>', 'more gate rules: a ballast.alerts/v1 file (YAML or JSON); rules may leave out deployment')
    .option('--keep-previous <duration>', 'blue/green: how long blue stays loaded after switch (default 30m)')
    .option('--force', 'admin only: start on a production deployment although the promotion policy is not met (audited)')
    .option('--reason <text>', 'why the gate is overridden (required with --force)')
    .option('--json', 'print JSON')
    .action(async (name: string, options: StartOptions, command: Command) => {
      const gate = options.gate === undefined ? undefined : await readRolloutGateFile(options.gate);
      const status = await withContext(command, async (ctx) =>
        startRollout(
          ctx,
          {
            name,
            to: options.to,
            strategy: options.strategy,
            steps: options.steps,
            stepDuration: options.stepDuration,
            split: options.split,
            stickyKey: options.stickyKey,
            gate,
            keepPrevious: options.keepPrevious,
            override: await actorOverride(ctx, options),
          },
          { serving: inProcessCandidates(ctx) },
        ),
      );
      console.log(options.json ? JSON.stringify(status, null, 2) : formatRolloutStatus(status));
    });
}
