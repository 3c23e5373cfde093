import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { runDemo } from '../../app/demo.ts';
import { settingsOf, withContext } from '../cli-context.ts';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples');

export function demoCommand(): Command {
  return new Command('demo')
    .description('register the example credit models and score their live data on the embedded defaults')
    .action(async (_options: unknown, command: Command) => {
      const settings = settingsOf(command);
      console.log(`Ballast demo — data in ${settings.dataDir}`);
      await withContext(command, (ctx) => runDemo(ctx, EXAMPLES, (line) => console.log(line)));
      console.log('\nnext: ballast models show credit-risk@champion');
      console.log('      ballast predict --model credit-risk@champion --input examples/credit/live.csv | head');
    });
}
