import { BallastError } from '../../core/errors.ts';
import type { SilenceRecord } from '../../store/alert-silence-repository.ts';
import { auditedTransaction } from '../audit.ts';
import type { AppContext } from '../context.ts';

/** A silence as shown: active while now is inside [startsAt, endsAt). */
export interface Silence extends SilenceRecord {
  readonly active: boolean;
}

/** Longest silence: a muted rule should be looked at again within a quarter. */
const MAX_SILENCE_MS = 90 * 86_400_000;

const withActive = (record: SilenceRecord, now: string): Silence => ({ ...record, active: record.startsAt <= now && now < record.endsAt });

/**
 * Mutes a rule's notifications for a while (audited `alerts.silence`). The rule keeps being
 * evaluated, and incidents and rollbacks still follow it: a silence only keeps receivers quiet.
 */
export async function silenceRule(ctx: AppContext, input: { rule: string; durationMs: number; reason: string }): Promise<Silence> {
  const rule = input.rule.trim();
  const reason = input.reason.trim();
  if (rule === '' || rule.length > 200) throw new BallastError('invalid_argument', 'the rule name must be 1-200 characters');
  if (reason === '' || reason.length > 1000)
    throw new BallastError('invalid_argument', 'a silence needs a reason of 1-1000 characters (--reason)');
  if (!Number.isFinite(input.durationMs) || input.durationMs <= 0 || input.durationMs > MAX_SILENCE_MS) {
    throw new BallastError('invalid_argument', 'a silence lasts more than 0 and at most 90 days (--for 2h)');
  }
  // A silence of a name no rule has would mute nothing and hide the typo; check it against the rules applied.
  if ((await ctx.store.alerts.findRule(rule)) === undefined) {
    throw new BallastError('invalid_argument', `no alert rule is named "${rule}" (ballast alerts list shows them)`);
  }
  const now = ctx.clock();
  const record: SilenceRecord = {
    id: ctx.newId(),
    rule,
    reason,
    createdBy: ctx.actor,
    startsAt: now.toISOString(),
    endsAt: new Date(now.getTime() + input.durationMs).toISOString(),
  };
  await auditedTransaction(ctx, async (tx, audit) => {
    await tx.alertSilences.insert(record);
    await audit({
      action: 'alerts.silence',
      objectType: 'alert_silence',
      objectId: record.id,
      details: { rule, reason, ends_at: record.endsAt },
    });
  });
  return withActive(record, record.startsAt);
}

/** Every silence, newest first, each marked active or not at the context's now. */
export async function listSilences(ctx: Pick<AppContext, 'store' | 'clock'>): Promise<Silence[]> {
  const now = ctx.clock().toISOString();
  return (await ctx.store.alertSilences.list()).map((s) => withActive(s, now));
}

/** Ends a running silence now (audited `alerts.unsilence`); its record stays, ending at this moment. */
export async function unsilence(ctx: AppContext, id: string): Promise<Silence> {
  const now = ctx.clock().toISOString();
  return auditedTransaction(ctx, async (tx, audit) => {
    const found = await tx.alertSilences.findById(id);
    if (found === undefined || !(await tx.alertSilences.end(id, now))) {
      throw new BallastError('silence_not_found', `no running silence has id "${id}" (ballast alerts silences lists them)`);
    }
    await audit({ action: 'alerts.unsilence', objectType: 'alert_silence', objectId: id, details: { rule: found.rule } });
    return withActive({ ...found, endsAt: now }, now);
  });
}
