import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { CARD_FORMATS, findStoredCard, modelCard, renderCard, storedCardView, type CardFormat } from '../../app/model-cards/model-cards.ts';
import type { ModelCard } from '../../core/model-cards/model-card.ts';
import { BallastError } from '../../core/errors.ts';
import { withContext } from '../cli-context.ts';

/**
 * `ballast card MODEL_REF [--format md|html|json] [--output FILE]`: the version's model card generated
 * from Ballast's records now; `--stored ID` shows a copy kept at an approval decision instead.
 */
export function cardCommand(): Command {
  return new Command('card')
    .description("a version's model card, generated now from the registry, tests, monitoring and approvals (docs/model-cards.md)")
    .argument('[ref]', 'NAME:version, NAME@alias or NAME (latest)')
    .addOption(
      new Option('--format <format>', 'json, md (Markdown) or html (self-contained, printable)').choices([...CARD_FORMATS]).default('json'),
    )
    .option('--output <file>', 'write the card to this file instead of standard output')
    .option('--stored <id>', "a stored copy (an approval's card_id) instead of the card as it stands now")
    .action(async (ref: string | undefined, options: { format: CardFormat; output?: string; stored?: string }, command: Command) => {
      if ((ref === undefined) === (options.stored === undefined))
        throw new BallastError('invalid_argument', 'name a version (MODEL:V) or a stored card (--stored ID), one of the two');
      const text = await withContext(command, async (ctx) => {
        if (options.stored === undefined) return renderCard(await modelCard(ctx, ref!), options.format);
        const stored = await findStoredCard(ctx, options.stored);
        return options.format === 'json'
          ? `${JSON.stringify(storedCardView(stored), null, 2)}\n`
          : renderCard(stored.card as ModelCard, options.format);
      });
      if (options.output === undefined) process.stdout.write(text);
      else {
        await writeFile(options.output, text);
        console.error(`wrote the model card (${options.format}) to ${options.output}`);
      }
    });
}
