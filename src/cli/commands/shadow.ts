import { Command, InvalidArgumentError } from 'commander';
import { inProcessPreparer } from '../../app/shadow/in-process-preparer.ts';
import { startShadow, stopShadow } from '../../app/shadow/shadow-control.ts';
import { shadowReport, type ShadowReport } from '../../app/shadow/shadow-report.ts';
import { formatCount, formatShare } from '../../core/format-numbers.ts';
import { withContext } from '../cli-context.ts';

export function shadowCommand(): Command {
  const shadow = new Command('shadow').description(
    "a second version that scores a copy of a deployment's requests after the answer, never answering: start, stop, report",
  );
  shadow
    .command('start')
    .description('start (or replace) the shadow: the version must load and answer a smoke request from its training snapshot')
    .argument('<deployment>', 'the deployment')
    .requiredOption('--model <ref>', 'the shadow version: NAME:V, NAME@alias or NAME')
    .option('--sample <share>', 'share of answered requests mirrored, in (0, 1]', share, 1)
    .action(async (name: string, options: { model: string; sample: number }, command: Command) => {
      const started = await withContext(command, (ctx) =>
        startShadow(ctx, { deployment: name, model: options.model, sample: options.sample }, { preparer: inProcessPreparer(ctx) }),
      );
      console.log(
        `${name}: shadow ${started.model.name}:${started.model.version} started, mirroring ${formatShare(started.shadow.sample)} of answered requests (revision ${started.deployment.revision})`,
      );
    });
  shadow
    .command('stop')
    .description('stop the shadow')
    .argument('<deployment>', 'the deployment')
    .action(async (name: string, _options: unknown, command: Command) => {
      const deployment = await withContext(command, (ctx) => stopShadow(ctx, name));
      console.log(`${name}: shadow stopped (revision ${deployment.revision})`);
    });
  shadow
    .command('report')
    .description('how the shadow compares with the primary on the requests it mirrored')
    .argument('<deployment>', 'the deployment')
    .option('--from <time>', 'shadow predictions at or after this time (ISO 8601)', isoTime)
    .option('--to <time>', 'shadow predictions before this time (ISO 8601)', isoTime)
    .option('--json', 'print JSON (the API answer)')
    .action(async (name: string, options: { from?: string; to?: string; json?: boolean }, command: Command) => {
      const report = await withContext(command, (ctx) => shadowReport(ctx, name, { from: options.from, to: options.to }));
      console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
    });
  return shadow;
}

function formatReport(r: ShadowReport): string {
  const model = (m: { name: string; version: number } | null) => (m ? `${m.name}:${m.version}` : '?');
  const ms = (v: number | null) => (v === null ? '–' : `${Number(v.toFixed(2))} ms`);
  const num = (v: number | null) => (v === null ? '–' : String(Number(v.toPrecision(4))));
  const lines = [
    `${r.deployment}: primary ${model(r.primary)}, shadow ${model(r.shadow)}${r.from || r.to ? `, ${r.from ?? '…'} to ${r.to ?? 'now'}` : ''}`,
    `compared ${formatCount(r.rows)} predictions (${formatCount(r.unmatched)} without a logged primary); dropped ${formatCount(r.dropped)}, failed ${formatCount(r.failed)}, timed out ${formatCount(r.timed_out)}${r.truncated ? ' (only the oldest rows were read)' : ''}`,
    `agreement ${formatShare(r.agreement_rate)}` +
      (r.agreement_tolerance === null
        ? `, label flips ${formatShare(r.label_flip_rate)}`
        : ` (within ${formatShare(r.agreement_tolerance)})`),
    ...r.flips.slice(0, 5).map((f) => `  ${String(f.from)} → ${String(f.to)}: ${formatCount(f.rows)}`),
    `score difference (shadow − primary): mean ${num(r.score_difference.mean)}, p50 ${num(r.score_difference.p50)}, p90 ${num(r.score_difference.p90)}, p99 ${num(r.score_difference.p99)}, max |d| ${num(r.score_difference.max_abs)}`,
    `latency p50/p99: primary ${ms(r.latency.primary.p50_ms)} / ${ms(r.latency.primary.p99_ms)}, shadow ${ms(r.latency.shadow.p50_ms)} / ${ms(r.latency.shadow.p99_ms)}`,
  ];
  if (r.slices.length > 0) {
    lines.push('worst slices:');
    for (const s of r.slices.slice(0, 10))
      lines.push(
        `  ${s.column} ${s.slice}: ${formatCount(s.rows)} rows, agreement ${formatShare(s.agreement_rate)}, mean |d| ${num(s.mean_abs_score_difference)}`,
      );
  }
  if (r.performance.labelled_rows === 0) lines.push('performance: no labels yet');
  else {
    lines.push(`performance on ${formatCount(r.performance.labelled_rows)} labelled predictions (primary → shadow):`);
    for (const [metric, value] of Object.entries(r.performance.primary))
      lines.push(`  ${metric}: ${num(value)} → ${num(r.performance.shadow[metric] ?? null)}`);
  }
  return lines.join('\n');
}

function share(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 1) throw new InvalidArgumentError('must be a share in (0, 1], e.g. 0.25');
  return n;
}

function isoTime(text: string): string {
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new InvalidArgumentError('must be a time such as 2026-12-01T10:00:00Z');
  return new Date(t).toISOString();
}
