import { Command } from 'commander';
import { listAlertRules } from '../../app/alerts/alert-rules.ts';
import { alertRuleWire, receiverWire } from '../../core/alerts/alert-rule-wire.ts';
import { formatDuration } from '../../core/contracts/parse-duration.ts';
import { withContext } from '../cli-context.ts';

export function alertsListCommand(): Command {
  return new Command('list')
    .description('every alert rule with its state (inactive, pending, firing) and since when')
    .option('--json', 'print JSON (the shape of GET /v1/alerts/rules)')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { rules, receivers } = await withContext(command, (ctx) => listAlertRules(ctx));
      const wire = rules.map(({ rule, state }) => alertRuleWire(rule, state));
      if (options.json) {
        console.log(JSON.stringify({ rules: wire, receivers: receivers.map((r) => receiverWire(r, true)) }, null, 2));
        return;
      }
      if (wire.length === 0) {
        console.log('no alert rules; apply a file with ballast alerts apply FILE');
        return;
      }
      const rows = wire.map((r) => [
        r.name,
        r.deployment,
        `${r.signal} ${r.above !== null ? `> ${r.above}` : `< ${r.below}`}${r.for_ms > 0 ? ` for ${formatDuration(r.for_ms)}` : ''}`,
        r.severity,
        r.state.state,
        r.state.since ?? '-',
        r.state.no_data ? 'no data' : r.state.value === null ? '-' : String(r.state.value),
      ]);
      const table = [['RULE', 'DEPLOYMENT', 'CONDITION', 'SEVERITY', 'STATE', 'SINCE', 'VALUE'], ...rows];
      const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
      for (const row of table)
        console.log(
          row
            .map((cell, i) => cell.padEnd(widths[i]!))
            .join('  ')
            .trimEnd(),
        );
    });
}
