import { Command } from 'commander';
import { annotateVersion } from '../../app/model-cards/annotate-version.ts';
import { withContext } from '../cli-context.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface AnnotateOptions {
  intendedUse?: string;
  clearIntendedUse?: boolean;
  outOfScope?: string[];
  clearOutOfScope?: boolean;
  limitation?: string[];
  clearLimitations?: boolean;
  json?: boolean;
}

/**
 * `ballast models annotate MODEL:V --intended-use … --out-of-scope … --limitation …` (docs/model-cards.md):
 * what the version's card states. Repeated flags add items; `--clear-*` empties a field first.
 */
export function modelsAnnotateCommand(): Command {
  return new Command('annotate')
    .description("state a version's intended use, out-of-scope uses and known limitations (shown on its model card)")
    .argument('<ref>', 'NAME:version (or NAME@alias)')
    .option('--intended-use <text>', 'what the version is for (replaces the stated one)')
    .option('--clear-intended-use', 'remove the stated intended use')
    .option('--out-of-scope <text>', 'a use the version is not for (repeatable; added to the stated ones)', collect)
    .option('--clear-out-of-scope', 'remove the stated out-of-scope uses first')
    .option('--limitation <text>', 'a known limitation (repeatable; added to the stated ones)', collect)
    .option('--clear-limitations', 'remove the stated limitations first')
    .option('--json', 'print JSON')
    .action(async (ref: string, options: AnnotateOptions, command: Command) => {
      const change = (items: string[] | undefined, clear: boolean | undefined) =>
        items === undefined && !clear ? undefined : { items: items ?? [], replace: clear === true };
      const result = await withContext(command, (ctx) =>
        annotateVersion(ctx, {
          ref,
          intendedUse: options.clearIntendedUse ? null : options.intendedUse,
          outOfScope: change(options.outOfScope, options.clearOutOfScope),
          limitations: change(options.limitation, options.clearLimitations),
        }),
      );
      const a = result.annotations;
      const wire = {
        model: { name: result.model, version: result.version },
        intended_use: a.intendedUse,
        out_of_scope: a.outOfScope,
        limitations: a.limitations,
        updated_by: a.updatedBy,
        updated_at: a.updatedAt,
      };
      if (options.json) console.log(JSON.stringify(wire, null, 2));
      else
        console.log(
          [
            `annotated ${result.model}:${result.version}`,
            `  intended use: ${a.intendedUse ?? '—'}`,
            `  out of scope: ${a.outOfScope.length === 0 ? '—' : a.outOfScope.join('; ')}`,
            `  limitations: ${a.limitations.length === 0 ? '—' : a.limitations.join('; ')}`,
          ].join('\n'),
        );
    });
}
