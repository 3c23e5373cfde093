import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_ROLLBACKS_LIMIT, deploymentRollbacks } from '../../app/alerts/deployment-rollbacks.ts';
import { versionName } from '../../core/alerts/rollback-guards.ts';
import type { RollbackRecord } from '../../core/alerts/rollback-record.ts';
import { withContext } from '../cli-context.ts';

export function rollbacksCommand(): Command {
  return new Command('rollbacks')
    .description("a deployment's automated rollback attempts, newest first: rolled back, dry runs, refused and failed, each with why")
    .argument('<deployment>', 'the deployment')
    .option('--limit <n>', 'how many attempts to show', positiveInteger, DEFAULT_ROLLBACKS_LIMIT)
    .option('--json', 'print JSON')
    .action(async (name: string, options: { limit: number; json?: boolean }, command: Command) => {
      const rollbacks = await withContext(command, (ctx) => deploymentRollbacks(ctx, name, options.limit));
      if (options.json) console.log(JSON.stringify({ deployment: name, rollbacks }, null, 2));
      else if (rollbacks.length === 0) console.log(`${name}: no automated rollback attempts`);
      else console.log(rollbacks.map(formatAttempt).join('\n'));
    });
}

/** `AT  OUTCOME  FROM → TO  rule RULE  SIGNAL=VALUE (above|below THRESHOLD)`, then why on its own line. */
function formatAttempt(r: RollbackRecord): string {
  const value = r.value === null ? 'no data' : String(r.value);
  const move = `${versionName(r.from)} → ${r.to ? versionName(r.to) : '?'}`;
  return `${r.at}  ${r.outcome.padEnd(11)}  ${move}  rule ${r.rule}  ${r.signal}=${value} (threshold ${r.threshold})\n  ${r.reason}`;
}

function positiveInteger(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new InvalidArgumentError('must be a whole number from 1 to 1000');
  return n;
}
