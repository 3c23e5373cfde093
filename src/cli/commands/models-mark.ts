import { Command } from 'commander';
import { markSensitiveColumns } from '../../app/privacy/mark-columns.ts';
import { withContext } from '../cli-context.ts';
import { commaList } from '../parse-options.ts';

/** `--sensitive a,b --sensitive c`: comma lists, repeatable. */
const columns = (value: string, previous: string[] = []) => [...previous, ...commaList(value)];

/** `ballast models mark MODEL:V --sensitive COL,… [--pii COL,…] [--unmark COL,…]` (docs/privacy.md). */
export function modelsMarkCommand(): Command {
  return new Command('mark')
    .description("mark a version's columns sensitive or pii: their values are masked for readers without sensitive:read")
    .argument('<ref>', 'NAME:version (or NAME@alias)')
    .option('--sensitive <columns>', 'columns to mark sensitive (comma-separated, repeatable)', columns)
    .option('--pii <columns>', 'columns to mark pii (personally identifying; masked alike)', columns)
    .option('--unmark <columns>', 'columns whose mark to remove', columns)
    .option('--json', 'print JSON')
    .action(async (ref: string, options: { sensitive?: string[]; pii?: string[]; unmark?: string[]; json?: boolean }, command: Command) => {
      const result = await withContext(command, (ctx) => markSensitiveColumns(ctx, { ref, ...options }));
      if (options.json) {
        console.log(JSON.stringify({ model: { name: result.model, version: result.version }, columns: result.columns }, null, 2));
        return;
      }
      const list = result.columns.map((c) => `${c.column} (${c.kind}${c.source === 'contract' ? ', from the contract' : ''})`);
      console.log(`${result.model}:${result.version} sensitive columns: ${list.length > 0 ? list.join(', ') : 'none'}`);
    });
}
