import type { IssueCollector, IssuePath } from '../issues.ts';

/**
 * A business KPI of a deployment, computed per window and model version from the outcome events
 * sent for its logged predictions:
 * - `rate`: the share of logged predictions with at least one such event (conversion rate);
 * - `sum`: the total of the events' values (refunds paid);
 * - `mean`: the mean of the events' values (basket size of a conversion).
 */
export interface KpiDefinition {
  readonly name: string;
  readonly event: string;
  readonly aggregate: KpiAggregate;
}

const KPI_AGGREGATES = ['rate', 'sum', 'mean'] as const;
export type KpiAggregate = (typeof KPI_AGGREGATES)[number];

/**
 * KPI and event names: lower-case letters, digits and underscores, starting with a letter, so a
 * name reads the same in JSON, in a command line and as a Prometheus label value.
 */
const NAME = /^[a-z][a-z0-9_]{0,63}$/;
export const NAME_RULE = '1 to 64 lower-case letters, digits or underscores, starting with a letter';

export function isEventName(value: unknown): value is string {
  return typeof value === 'string' && NAME.test(value);
}

/** More KPIs than this on one deployment is a configuration mistake, not a dashboard. */
const MAX_KPIS = 20;

/**
 * The `kpis` field of a deployment config: each definition checked on its own, every problem
 * reported with its path; a KPI name used twice is refused (a window's KPIs are keyed by name).
 */
export function parseKpiDefinitions(raw: unknown, path: IssuePath, issues: IssueCollector): KpiDefinition[] {
  if (!Array.isArray(raw)) {
    issues.report('invalid_type', path, 'must be a list of {name, event, aggregate}');
    return [];
  }
  if (raw.length > MAX_KPIS) {
    issues.report('too_big', path, `at most ${MAX_KPIS} KPIs per deployment`);
    return [];
  }
  const kpis: KpiDefinition[] = [];
  const seen = new Map<string, number>();
  raw.forEach((entry: unknown, index) => {
    const where = [...path, index];
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      issues.report('invalid_type', where, 'must be an object {name, event, aggregate}');
      return;
    }
    const fields = entry as Record<string, unknown>;
    let ok = true;
    for (const key of Object.keys(fields)) {
      if (key !== 'name' && key !== 'event' && key !== 'aggregate') {
        issues.report('unrecognized_key', [...where, key], 'is not a field of a KPI (name, event, aggregate)');
        ok = false;
      }
    }
    for (const key of ['name', 'event'] as const) {
      if (fields[key] === undefined) {
        issues.report('missing', [...where, key], 'is required');
        ok = false;
      } else if (!isEventName(fields[key])) {
        issues.report(typeof fields[key] === 'string' ? 'invalid_format' : 'invalid_type', [...where, key], `must be ${NAME_RULE}`);
        ok = false;
      }
    }
    if (!(KPI_AGGREGATES as readonly unknown[]).includes(fields.aggregate)) {
      issues.report(
        fields.aggregate === undefined ? 'missing' : 'invalid_value',
        [...where, 'aggregate'],
        `must be one of ${KPI_AGGREGATES.join(', ')}`,
      );
      ok = false;
    }
    const name = fields.name as string;
    if (ok && seen.has(name)) {
      issues.report('duplicate', [...where, 'name'], `KPI "${name}" is already defined by item ${seen.get(name)}`);
      ok = false;
    }
    if (!ok) return;
    seen.set(name, index);
    kpis.push({ name, event: fields.event as string, aggregate: fields.aggregate as KpiAggregate });
  });
  return kpis;
}

const SPEC = /^\s*([^=\s]+)\s*=\s*([A-Za-z]+)\s*\(\s*([^()\s]+)\s*\)\s*$/;

/**
 * `conversion_rate=rate(conversion)`, as the `--kpi` option of `ballast deploy` takes it, split into its parts; the
 * names and the aggregate are checked with the rest of the config. Undefined when the text has
 * another shape.
 */
export function parseKpiSpec(text: string): { name: string; event: string; aggregate: string } | undefined {
  const match = SPEC.exec(text);
  return match ? { name: match[1]!, aggregate: match[2]!, event: match[3]! } : undefined;
}
