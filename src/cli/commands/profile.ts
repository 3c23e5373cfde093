import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { profileFile } from '../../app/monitoring/profile-file.ts';

export function profileCommand(): Command {
  return new Command('profile')
    .description(
      'write the mergeable profile of a dataset (counts, moments, quantile, distinct-count and frequent-item sketches, histograms, a sample) as JSON',
    )
    .argument('<data>', 'the dataset (CSV, JSON Lines or Parquet)')
    .option('--columns <names>', 'only these columns (comma-separated)', (v: string) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .option('--bins <n>', "histogram bins on the data's own quantiles (default 10)", (text: string) => {
      const value = Number(text);
      if (!Number.isInteger(value) || value < 1 || value > 1000) throw new InvalidArgumentError('expected a whole number from 1 to 1000');
      return value;
    })
    .option('--output <file>', 'write here instead of to standard output')
    .action(async (data: string, options: { columns?: string[]; bins?: number; output?: string }) => {
      const profile = await profileFile(data, { columns: options.columns, bins: options.bins });
      const text = `${JSON.stringify(profile)}\n`;
      if (options.output) {
        await writeFile(options.output, text);
        console.error(`wrote ${options.output}: ${profile.rows} rows, ${profile.columns.length} columns`);
      } else process.stdout.write(text);
    });
}
