import type { AlertRuleState, AlertTransition, AlertTransitionSink } from '../../core/alerts/alert-rule.ts';
import type { Incident, TimelineEntry } from '../../core/incidents/incident.ts';
import { auditedTransaction } from '../audit.ts';
import type { AppContext } from '../context.ts';

/** The stored state of a rule (part A's `store.alerts`), read for when its condition began to hold. */
export type RuleStateReader = (rule: string) => Promise<AlertRuleState | undefined>;

const formatValue = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(4).replace(/\.?0+$/, ''));

/** The monitoring snapshot of one transition: the reading and the rule it was judged against. */
function snapshot(t: AlertTransition, activeSince: string | null): Record<string, unknown> {
  const r = t.reading;
  return {
    rule: t.rule.name,
    signal: t.rule.signal,
    severity: t.rule.severity,
    from: t.from,
    to: t.to,
    threshold: t.threshold,
    above: t.rule.above,
    below: t.rule.below,
    window_ms: t.rule.windowMs,
    value: r.kind === 'value' ? r.value : null,
    rows: r.kind === 'value' ? r.rows : null,
    window_start: r.kind === 'value' ? r.start : null,
    window_end: r.kind === 'value' ? r.end : null,
    no_data: r.kind === 'no_data' ? r.reason : null,
    model: r.model,
    ...(activeSince !== null ? { active_since: activeSince } : {}),
  };
}

function describe(t: AlertTransition): string {
  const r = t.reading;
  const reading = r.kind === 'value' ? `${t.rule.signal} = ${formatValue(r.value)}` : `${t.rule.signal}: no data (${r.reason})`;
  const bound = t.rule.above !== null ? `above ${formatValue(t.rule.above)}` : `below ${formatValue(t.rule.below ?? t.threshold)}`;
  return t.to === 'firing' ? `${t.rule.name} firing: ${reading}, ${bound}` : `${t.rule.name} resolved: ${reading}`;
}

/**
 * The incident sink: a `page` rule that fires opens an incident for its deployment, or joins the one
 * open; a firing of another severity joins an open incident's timeline but opens none; a rule of the
 * incident that stops firing is a timeline entry too. Each firing entry holds the reading (the
 * monitoring snapshot) and `active_since`, when its condition began to hold, from which the
 * postmortem reckons the time to detect. Without a state reader (or before the state is stored) the
 * sink falls back to the pending transitions it saw itself.
 */
export function createIncidentSink(ctx: AppContext, options: { readonly ruleState?: RuleStateReader } = {}): AlertTransitionSink {
  const pendingSince = new Map<string, string>();
  const activeSinceOf = async (t: AlertTransition): Promise<string | null> => {
    const state = await options.ruleState?.(t.rule.name);
    if (state?.activeSince) return state.activeSince;
    return pendingSince.get(t.rule.name) ?? (t.from === 'inactive' ? t.at : null);
  };

  const onFiring = async (t: AlertTransition): Promise<void> => {
    const entry: TimelineEntry = {
      at: t.at,
      kind: 'alert_firing',
      actor: `alert:${t.rule.name}`,
      summary: describe(t),
      details: snapshot(t, await activeSinceOf(t)),
    };
    pendingSince.delete(t.rule.name);
    await auditedTransaction({ ...ctx, actor: `alert:${t.rule.name}` }, async (tx, audit) => {
      const open = await tx.incidents.openFor(t.rule.deployment);
      if (open !== undefined) {
        if (!open.rules.includes(t.rule.name)) await tx.incidents.setRules(open.id, [...open.rules, t.rule.name]);
        await tx.incidents.addEvent(open.id, ctx.newId(), entry);
        return;
      }
      if (t.rule.severity !== 'page') return;
      const incident: Incident = {
        id: ctx.newId(),
        deployment: t.rule.deployment,
        title: `${t.rule.name}: ${t.rule.description ?? `${t.rule.signal} ${t.rule.above !== null ? 'above' : 'below'} ${formatValue(t.threshold)}`}`,
        severity: t.rule.severity,
        status: 'open',
        commander: null,
        openedAt: t.at,
        acknowledgedAt: null,
        mitigatedAt: null,
        resolvedAt: null,
        rules: [t.rule.name],
      };
      await tx.incidents.insert(incident);
      await tx.incidents.addEvent(incident.id, ctx.newId(), entry);
      await audit({
        action: 'incident.open',
        objectType: 'incident',
        objectId: incident.id,
        details: {
          deployment: incident.deployment,
          rule: t.rule.name,
          signal: t.rule.signal,
          value: entry.details.value,
          threshold: t.threshold,
        },
      });
    });
  };

  const onInactive = async (t: AlertTransition): Promise<void> => {
    const open = await ctx.store.incidents.openFor(t.rule.deployment);
    if (open === undefined || !open.rules.includes(t.rule.name)) return;
    await ctx.store.incidents.addEvent(open.id, ctx.newId(), {
      at: t.at,
      kind: 'alert_resolved',
      actor: `alert:${t.rule.name}`,
      summary: describe(t),
      details: snapshot(t, null),
    });
  };

  return async (transitions) => {
    const failures: string[] = [];
    for (const t of transitions) {
      try {
        if (t.to === 'pending') pendingSince.set(t.rule.name, t.at);
        else if (t.to === 'firing') await onFiring(t);
        else {
          pendingSince.delete(t.rule.name);
          if (t.from === 'firing') await onInactive(t);
        }
      } catch (error) {
        // One transition's failure must not cost the others their entries.
        failures.push(`${t.rule.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (failures.length > 0) throw new Error(`incidents: ${failures.join('; ')}`);
  };
}
