import type { ModelVersionName } from '../../core/alerts/alert-rule.ts';
import type { Incident, TimelineEntry } from '../../core/incidents/incident.ts';
import type { KpiRow, PostmortemFacts, ServedCount } from '../../core/incidents/postmortem-markdown.ts';
import { postmortemTimes } from '../../core/incidents/postmortem-times.ts';
import type { AppContext } from '../context.ts';
import { deploymentKpis } from '../deployment-kpis.ts';
import { incidentSpanStart } from './incident-timeline.ts';

/** KPI window lengths to choose from: the shortest that shows the span in at most MAX_KPI_ROWS windows. */
const KPI_WINDOWS_MS = [60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000];
const MAX_KPI_WINDOWS = 48;

const sameModel = (a: ModelVersionName, b: unknown) =>
  typeof b === 'object' && b !== null && (b as ModelVersionName).name === a.name && (b as ModelVersionName).version === a.version;

/**
 * What the postmortem says about impact, read from the store: the predictions each version served
 * from the first reading over the threshold to resolution (or now), from the prediction log; and,
 * when the deployment has KPIs, their values per window of that span.
 */
export async function postmortemFacts(
  ctx: Pick<AppContext, 'store' | 'clock'>,
  incident: Incident,
  timeline: readonly TimelineEntry[],
): Promise<PostmortemFacts> {
  const from = incidentSpanStart(incident, timeline);
  const to = incident.resolvedAt ?? ctx.clock().toISOString();
  const firedModels = timeline.filter((e) => e.kind === 'alert_firing').map((e) => e.details.model);

  const perVersion = new Map<string, number>();
  for (const count of await ctx.store.events.loggedCounts(incident.deployment, from, to, 1000))
    perVersion.set(count.versionId, (perVersion.get(count.versionId) ?? 0) + count.count);
  const served: ServedCount[] = [];
  for (const [versionId, predictions] of perVersion) {
    const version = await ctx.store.versions.findById(versionId);
    const model = version ? { name: version.modelName, version: version.version } : { name: '(deleted)', version: 0 };
    served.push({ model, predictions, fired: firedModels.some((m) => sameModel(model, m)) });
  }
  served.sort((a, b) => b.predictions - a.predictions);

  return {
    incident,
    timeline,
    times: postmortemTimes(incident, timeline),
    span: { from, to },
    served,
    kpis: await kpiRows(ctx, incident, from, to),
  };
}

async function kpiRows(ctx: Pick<AppContext, 'store'>, incident: Incident, from: string, to: string): Promise<PostmortemFacts['kpis']> {
  const deployment = await ctx.store.deployments.findByName(incident.deployment);
  const names = (deployment?.config.kpis ?? []).map((k) => k.name);
  if (names.length === 0) return null;
  const span = Math.max(1, Date.parse(to) - Date.parse(from));
  const windowMs = KPI_WINDOWS_MS.find((w) => Math.ceil(span / w) + 1 <= MAX_KPI_WINDOWS) ?? KPI_WINDOWS_MS.at(-1)!;
  const { windows } = await deploymentKpis(ctx.store, incident.deployment, { from, to, windowMs });
  const rows: KpiRow[] = windows.map((w) => ({
    start: w.start,
    model: w.model,
    predictions: w.rows,
    values: w.kpis.map((k) => ({ name: k.name, value: k.value, count: k.count })),
  }));
  return { windowMs, names, rows };
}
