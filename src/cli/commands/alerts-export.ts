import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { prometheusRules } from '../../app/alerts/prometheus-rules.ts';
import { readListedAlertRules } from '../../app/alerts/listed-rules-file.ts';
import type { AlertRule } from '../../core/alerts/alert-rule.ts';
import { BallastError } from '../../core/errors.ts';
import { withContext } from '../cli-context.ts';

/**
 * `ballast alerts export --prometheus`: Prometheus alerting rules over /metrics for the rules that
 * have a series there; the rules left out are named on standard error with why. It reads the applied
 * rules; `--rules FILE` exports a saved answer of GET /v1/alerts/rules instead.
 */
export function alertsExportCommand(): Command {
  return new Command('export')
    .description(
      "writes the alert rules as Prometheus alerting rules over Ballast's /metrics (docs/slos.md says which signals have a series)",
    )
    .option('--prometheus', 'Prometheus alerting rules (YAML; the only format so far)')
    .option('--output <file>', 'write the rules file here instead of standard output')
    .option('--rules <file>', 'export the rules of this file (the JSON answer of GET /v1/alerts/rules) instead of the applied ones')
    .action(async (options: { prometheus?: boolean; output?: string; rules?: string }, command: Command) => {
      if (!options.prometheus) throw new BallastError('invalid_argument', 'say which format: --prometheus');
      let rules: readonly AlertRule[];
      if (options.rules !== undefined) rules = await readListedAlertRules(options.rules);
      else rules = await withContext(command, (ctx) => ctx.store.alerts.listRules());
      const result = prometheusRules(rules);
      for (const s of result.skipped) console.error(`left out ${s.rule} (${s.signal}): ${s.reason}`);
      if (options.output === undefined) process.stdout.write(result.text);
      else {
        await writeFile(options.output, result.text);
        console.log(
          `${result.exported.length} rule${result.exported.length === 1 ? '' : 's'} written to ${options.output}, ${result.skipped.length} left out`,
        );
      }
    });
}
