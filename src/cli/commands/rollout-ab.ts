import { Command, InvalidArgumentError } from 'commander';
import { abAnalysis, DEFAULT_AB_EFFECT, type AbAnalysis } from '../../app/rollouts/ab-analysis.ts';
import { NONE, plural } from '../../core/format-numbers.ts';
import { withContext } from '../cli-context.ts';

/**
 * `rollout ab DEPLOYMENT` (under the `rollout` group): the A/B comparison of the running A/B rollout (or of two versions
 * named with --baseline and --variant). A builder for the `rollout` command group to add.
 */
export function rolloutAbCommand(): Command {
  return new Command('ab')
    .description(
      "compare an A/B rollout's variants: rows each served, every KPI with its test, 95% interval of the difference and the rows each variant needs to find --effect, realised performance where labels arrived",
    )
    .argument('<deployment>', 'the deployment')
    .option(
      '--effect <share>',
      `smallest difference worth finding: a rate in points (0.02 = 2 points), a mean as a share of stable's (0.02 = 2%)`,
      effectOption,
      DEFAULT_AB_EFFECT,
    )
    .option('--from <time>', 'ISO 8601 start (default: when the A/B rollout started)')
    .option('--to <time>', 'ISO 8601 end (default: now)')
    .option('--baseline <model-ref>', 'compare this version (NAME:V, NAME@alias) ... ')
    .option('--variant <model-ref>', '... with this one, instead of the running A/B rollout')
    .option('--json', 'print the whole answer as JSON')
    .action(
      async (
        name: string,
        options: { effect: number; from?: string; to?: string; baseline?: string; variant?: string; json?: boolean },
        command: Command,
      ) => {
        const result = await withContext(command, (ctx) =>
          abAnalysis(ctx, name, { effect: options.effect, from: options.from, to: options.to, a: options.baseline, b: options.variant }),
        );
        console.log(options.json ? JSON.stringify(result, null, 2) : formatAbAnalysis(result));
      },
    );
}

function effectOption(text: string): number {
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0 && value <= 1))
    throw new InvalidArgumentError('must be a number above 0 and at most 1, e.g. 0.02');
  return value;
}

const number = (value: number | null) => (value === null ? NONE : Number(value.toPrecision(4)).toString());
const signed = (value: number | null) => (value === null ? NONE : `${value >= 0 ? '+' : ''}${number(value)}`);

/** The variants, then one line per KPI, then the realised metrics side by side. */
export function formatAbAnalysis(result: AbAnalysis): string {
  const [a, b] = result.variants;
  const ref = (v: typeof a) => `${v!.model.name}:${v!.model.version}`;
  const lines = [
    `${result.deployment}: ${ref(a)} (stable, ${plural(a!.rows, 'row')}) against ${ref(b)} (variant, ${plural(b!.rows, 'row')}), ${result.from} to ${result.to}`,
  ];
  if (result.kpis.length === 0) lines.push('no KPIs defined (add kpis to the deployment config)');
  for (const k of result.kpis) {
    const ci = k.ci === null ? 'no interval' : `95% CI [${signed(k.ci.low)}, ${signed(k.ci.high)}]`;
    const p = k.p_value === null ? NONE : k.p_value.toPrecision(3);
    const needed =
      k.min_sample_per_variant === null
        ? 'rows needed: cannot say'
        : `${k.enough_data ? 'enough data' : 'not enough data'}: ${plural(k.min_sample_per_variant, 'row')} per variant to find ${signed(k.effect)}`;
    lines.push(
      `${k.name}: ${number(k.a.value)} (n=${k.a.count}) -> ${number(k.b.value)} (n=${k.b.count}): ${signed(k.difference)}, ${ci}, p = ${p} (${k.test}); ${needed}`,
    );
  }
  if (result.performance.length > 0) {
    const { labelled } = result.performance[0]!;
    lines.push('', `realised performance (labelled: ${labelled.a} stable, ${labelled.b} variant):`);
    for (const m of result.performance) lines.push(`  ${m.metric}: ${number(m.a)} -> ${number(m.b)}`);
  }
  return lines.join('\n');
}
