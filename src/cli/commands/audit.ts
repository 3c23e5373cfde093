import { Command } from 'commander';
import { auditBrokenError, parseCheckpoint, verifyAudit } from '../../app/audit.ts';
import { withContext } from '../cli-context.ts';
import { collect } from '../parse-options.ts';

export function auditCommand(): Command {
  const audit = new Command('audit').description('the tamper-evident log of every change of state');

  audit
    .command('list')
    .description('show audit entries, oldest first')
    .option('--after <seq>', 'only entries after this sequence number', '0')
    .option('--limit <n>', 'at most this many entries', '100')
    .option('--json', 'print JSON')
    .action(async (options: { after: string; limit: string; json?: boolean }, command: Command) => {
      const entries = await withContext(command, (ctx) => ctx.store.audit.list(Number(options.after), Number(options.limit)));
      if (options.json) console.log(JSON.stringify(entries, null, 2));
      else
        for (const e of entries)
          console.log(
            `${String(e.seq).padStart(6)}  ${e.at}  ${e.actor.padEnd(12)}  ${e.action.padEnd(16)}  ${e.objectType}:${e.objectId}  ${JSON.stringify(e.details)}`,
          );
    });

  audit
    .command('head')
    .description('print the latest entry as SEQ:HASH — keep it somewhere else to detect a cut log later')
    .action(async (_options: unknown, command: Command) => {
      const head = await withContext(command, (ctx) => ctx.store.audit.head());
      console.log(head ? `${head.seq}:${head.hash}` : '0:' + '0'.repeat(64));
    });

  audit
    .command('verify')
    .description('recompute the hash chain; names the first entry that was edited, deleted, reordered or cut')
    .option('--expect <seq:hash>', 'a head printed earlier by `ballast audit head` (repeatable)', collect)
    .option('--json', 'print JSON')
    .action(async (options: { expect?: string[]; json?: boolean }, command: Command) => {
      const checkpoints = (options.expect ?? []).map(parseCheckpoint);
      const result = await withContext(command, (ctx) => verifyAudit(ctx, checkpoints));
      if (options.json) console.log(JSON.stringify(result, null, 2));
      // Not a usage problem: the log itself failed verification, so exit 1.
      const broken = auditBrokenError(result);
      if (broken) throw broken;
      if (!options.json)
        console.log(`audit log intact: ${result.checked} entries${result.head ? `, head ${result.head.seq}:${result.head.hash}` : ''}`);
    });

  return audit;
}
