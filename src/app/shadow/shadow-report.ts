import { BallastError } from '../../core/errors.ts';
import { summarizeLatencies } from '../../core/latency-summary.ts';
import { compareShadow, type ShadowComparison, type ShadowPair } from '../../core/shadow/shadow-comparison.ts';
import type { ClassLabel } from '../../core/signature.ts';
import type { ShadowRowWithPrimary } from '../../store/shadow-repository.ts';
import type { AppContext } from '../context.ts';

/** Shadow rows read for one report at most; past it the report says `truncated` and covers the oldest rows of the range. */
const MAX_REPORT_ROWS = 200_000;
const PAGE = 5000;

export interface ShadowReportOptions {
  /** ISO times, `from <= at < to` of the shadow rows. */
  readonly from?: string;
  readonly to?: string;
  /** Regressors: the relative tolerance within which the two values agree (default 0.01). */
  readonly tolerance?: number;
}

type ModelName = { name: string; version: number };

/** The shadow report's wire shape (GET /v1/deployments/{name}/shadow/report, `ballast shadow report --json`). */
export interface ShadowReport {
  deployment: string;
  primary: ModelName;
  shadow: ModelName | null;
  from: string | null;
  to: string | null;
  /** Shadow answers compared with their logged primary. */
  rows: number;
  /** Shadow answers whose primary prediction is not in the log (left out by a log sample rate). */
  unmatched: number;
  dropped: number;
  failed: number;
  timed_out: number;
  truncated: boolean;
  agreement_rate: number | null;
  label_flip_rate: number | null;
  agreement_tolerance: number | null;
  flips: ShadowComparison['flips'];
  score_difference: ShadowComparison['score_difference'];
  latency: { primary: LatencyView; shadow: LatencyView };
  slices: ShadowComparison['slices'];
  performance: ShadowComparison['performance'];
}

interface LatencyView {
  p50_ms: number | null;
  p99_ms: number | null;
}

/**
 * Compares a deployment's shadow with the primary on the requests it mirrored in a time range: the
 * shadow rows of the shadow version (the running one, else the last one that ran) joined to the
 * primary predictions they copy and to those predictions' current labels (core/shadow/
 * shadow-comparison.ts says what each number is). `shadow_not_found` when the deployment has no
 * shadow and never had one.
 */
export async function shadowReport(ctx: AppContext, name: string, options: ShadowReportOptions = {}): Promise<ShadowReport> {
  const deployment = await ctx.store.deployments.findByName(name);
  if (deployment === undefined) throw new BallastError('deployment_not_found', `no deployment named "${name}"`);
  const rows: ShadowRowWithPrimary[] = [];
  let truncated = false;
  for (let after: string | undefined; ;) {
    const page = await ctx.store.shadows.listWithPrimaries(name, { from: options.from, to: options.to, after, limit: PAGE });
    rows.push(...page);
    if (page.length < PAGE) break;
    if (rows.length >= MAX_REPORT_ROWS) {
      truncated = true;
      break;
    }
    after = page.at(-1)!.shadow.id;
  }
  const shadowVersionId = deployment.routing.shadow?.versionId ?? rows.at(-1)?.shadow.versionId;
  if (shadowVersionId === undefined) throw new BallastError('shadow_not_found', `deployment "${name}" has no shadow and never had one`);
  const [stable, shadowVersion] = await Promise.all([
    ctx.store.versions.findById(deployment.versionId),
    ctx.store.versions.findById(shadowVersionId),
  ]);
  const mine = rows.filter((r) => r.shadow.versionId === shadowVersionId);
  const count = (outcome: string) => mine.reduce((n, r) => (r.shadow.outcome === outcome ? n + r.shadow.rows : n), 0);
  const scored = mine.filter((r) => r.shadow.outcome === 'scored' && r.shadow.output !== null);
  const matched = scored.filter((r) => r.primary !== undefined);
  const labels = await ctx.store.feedback.current(matched.map((r) => r.shadow.primaryPredictionId!));
  const pairs: ShadowPair[] = matched.map((r) => {
    const label = labels.get(r.shadow.primaryPredictionId!)?.label;
    return {
      primary: r.primary!.output,
      shadow: r.shadow.output!,
      inputs: r.primary!.inputs,
      primaryLatencyMs: r.primary!.latencyMs,
      ...(label === undefined ? {} : { label }),
    };
  });
  const classesOf = (classes: readonly ClassLabel[] | undefined) => classes ?? [];
  const comparison = compareShadow(pairs, {
    classes: classesOf(stable?.signature.output.classes),
    shadowClasses: classesOf(shadowVersion?.signature.output.classes ?? stable?.signature.output.classes),
    inputs: stable?.signature.inputs ?? [],
    tolerance: options.tolerance,
  });
  const shadowLatency = summarizeLatencies(scored.map((r) => r.shadow.latencyMs ?? Number.NaN));
  return {
    deployment: name,
    primary: { name: deployment.modelName, version: deployment.modelVersion },
    shadow: shadowVersion ? { name: shadowVersion.modelName, version: shadowVersion.version } : null,
    from: options.from ?? null,
    to: options.to ?? null,
    rows: comparison.rows,
    unmatched: scored.length - matched.length,
    dropped: count('dropped'),
    failed: count('failed'),
    timed_out: count('timed_out'),
    truncated,
    agreement_rate: comparison.agreement_rate,
    label_flip_rate: comparison.label_flip_rate,
    agreement_tolerance: comparison.agreement_tolerance,
    flips: comparison.flips,
    score_difference: comparison.score_difference,
    latency: {
      primary: comparison.primary_latency,
      shadow: { p50_ms: shadowLatency?.p50Ms ?? null, p99_ms: shadowLatency?.p99Ms ?? null },
    },
    slices: comparison.slices,
    performance: comparison.performance,
  };
}
