import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_HISTORY_LIMIT, rolloutHistory, rolloutStatus } from '../../app/rollouts/rollout-status.ts';
import { withContext } from '../cli-context.ts';
import { formatHistoryEntry, formatRolloutStatus } from './rollout-format.ts';

export function rolloutStatusCommand(): Command {
  return new Command('status')
    .description("a deployment's active rollout: strategy, candidate, status, step and weight, sticky key, gate rules")
    .argument('<deployment>', 'the deployment')
    .option('--json', 'print JSON (the API wire: GET /v1/deployments/{name}/rollout)')
    .action(async (name: string, options: { json?: boolean }, command: Command) => {
      const status = await withContext(command, (ctx) => rolloutStatus(ctx, name));
      console.log(options.json ? JSON.stringify(status, null, 2) : formatRolloutStatus(status));
    });
}

export function rolloutHistoryCommand(): Command {
  return new Command('history')
    .description("a deployment's rollouts, newest first, each with how it ended and why")
    .argument('<deployment>', 'the deployment')
    .option('--limit <n>', 'how many rollouts to show', positiveInteger, DEFAULT_HISTORY_LIMIT)
    .option('--json', 'print JSON')
    .action(async (name: string, options: { limit: number; json?: boolean }, command: Command) => {
      const history = await withContext(command, (ctx) => rolloutHistory(ctx, name, options.limit));
      if (options.json) console.log(JSON.stringify(history, null, 2));
      else if (history.rollouts.length === 0) console.log(`${name}: no rollouts`);
      else console.log(history.rollouts.map(formatHistoryEntry).join('\n'));
    });
}

function positiveInteger(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('must be a whole number from 1 to 1000');
  return n;
}
