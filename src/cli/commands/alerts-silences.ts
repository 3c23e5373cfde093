import { Command } from 'commander';
import { listSilences } from '../../app/alerts/silences.ts';
import { withContext } from '../cli-context.ts';

/** `ballast alerts silences [--json]` */
export function alertsSilencesCommand(): Command {
  return new Command('silences')
    .description('list alert silences, newest first, running or not')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const silences = await withContext(command, (ctx) => listSilences(ctx));
      if (options.json) {
        console.log(JSON.stringify(silences, null, 2));
        return;
      }
      if (silences.length === 0) console.log('no silences');
      for (const s of silences) {
        console.log(
          `${s.id}  ${(s.active ? 'active' : 'ended').padEnd(6)}  ${s.rule.padEnd(24)}  until ${s.endsAt}  by ${s.createdBy}: ${s.reason}`,
        );
      }
    });
}
