import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { canonicalJson } from '../../core/canonical-json.ts';
import { BallastError } from '../../core/errors.ts';
import type { OncallReferences } from '../../core/oncall/check-oncall-document.ts';
import type { OncallSchedule } from '../../core/oncall/oncall-schedule.ts';
import { oncallDocument, parseOncallDocument, parseOncallText } from '../../core/oncall/parse-oncall-schedules.ts';
import { documentFormatOf } from '../../core/read-document-text.ts';
import { onCallSpans, onCallUntil, type OnCall, type OnCallSpan } from '../../core/oncall/who-is-on-call.ts';
import { auditedTransaction, sha256Hex } from '../audit.ts';
import type { AppContext } from '../context.ts';

/** An on-call file (the CLI), its text, or a document already parsed from JSON (the API). */
export type OncallInput =
  | { readonly file: string }
  | { readonly text: string; readonly format: 'json' | 'yaml'; readonly source: string }
  | { readonly document: unknown; readonly source: string };

export interface AppliedSchedules {
  /** The version in force (0: nothing applied yet). */
  readonly version: number;
  readonly appliedAt: string | null;
  readonly appliedBy: string | null;
  readonly schedules: readonly OncallSchedule[];
}

/**
 * Checks an on-call document whole — its shape, and that every deployment and receiver it names
 * exists — then makes it the version in force, replacing every schedule at once, audited as
 * `oncall.apply`. Nothing is applied when anything is wrong. Applying the schedules in force again
 * changes nothing and records nothing (`changed: false`).
 */
export async function applyOncallSchedules(ctx: AppContext, input: OncallInput): Promise<AppliedSchedules & { readonly changed: boolean }> {
  // Pages go out through the alert receivers (set by admins with the alert rules): a schedule naming
  // one that is not stored would page nobody, so it is refused now rather than found out at 3 a.m.
  const references: OncallReferences = {
    deployments: new Set((await ctx.store.deployments.list()).map((d) => d.name)),
    receivers: new Set((await ctx.store.alerts.listReceivers()).map((r) => r.name)),
  };
  const schedules =
    'document' in input
      ? parseOncallDocument(input.document, input.source, references)
      : 'file' in input
        ? parseOncallText(await readOncallFile(input.file), documentFormatOf(input.file), path.basename(input.file), references)
        : parseOncallText(input.text, input.format, input.source, references);
  const document = oncallDocument(schedules);
  const sha256 = sha256Hex(canonicalJson(document));
  const current = await ctx.store.oncall.current();
  if (current?.sha256 === sha256) return { ...applied(current), changed: false };
  try {
    return await auditedTransaction(ctx, async (tx, audit) => {
      const version = ((await tx.oncall.current())?.version ?? 0) + 1;
      const record = { version, document: JSON.stringify(document), sha256, createdBy: ctx.actor, createdAt: ctx.clock().toISOString() };
      await tx.oncall.insertVersion(record);
      await audit({
        action: 'oncall.apply',
        objectType: 'oncall_schedules',
        objectId: String(version),
        details: { version, sha256, schedules: schedules.map((s) => s.name) },
      });
      return { ...applied(record), changed: true };
    });
  } catch (error) {
    if (ctx.store.adapter.isUniqueViolation(error))
      throw new BallastError('conflict', 'the on-call schedules were applied by someone else at the same moment; apply again');
    throw error;
  }
}

async function readOncallFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new BallastError('file_not_found', `${file}: cannot read the on-call file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** The schedules in force. */
export async function currentOncallSchedules(ctx: AppContext): Promise<AppliedSchedules> {
  const current = await ctx.store.oncall.current();
  return current === undefined ? { version: 0, appliedAt: null, appliedBy: null, schedules: [] } : applied(current);
}

function applied(record: { version: number; document: string; createdBy: string; createdAt: string }): AppliedSchedules {
  // What the store keeps was checked when it was applied; reading it again builds the same schedules.
  const schedules = parseOncallDocument(JSON.parse(record.document), `on-call version ${record.version}`);
  return { version: record.version, appliedAt: record.createdAt, appliedBy: record.createdBy, schedules };
}

/** How far ahead `until` looks for a handoff; past it, `until` is null (one person on call throughout). */
const HORIZON_MS = 92 * 86_400_000;

export interface ScheduleOnCall {
  readonly name: string;
  readonly timeZone: string;
  readonly onCall: OnCall | null;
  /** When this on-call's turn ends (the next handoff or override edge), null when none comes within 92 days. */
  readonly until: string | null;
}

/** Who is on call at `at` in each schedule, or in the one named. */
export async function whoIsOnCall(
  ctx: AppContext,
  options: { at: Date; schedule?: string },
): Promise<{ at: string; schedules: ScheduleOnCall[] }> {
  const { schedules } = await currentOncallSchedules(ctx);
  const chosen = options.schedule === undefined ? schedules : schedules.filter((s) => s.name === options.schedule);
  if (options.schedule !== undefined && chosen.length === 0) {
    const known =
      schedules.length > 0
        ? `schedules: ${schedules.map((s) => s.name).join(', ')}`
        : 'no schedules are applied (ballast oncall apply FILE)';
    throw new BallastError('invalid_argument', `no on-call schedule is named ${options.schedule}; ${known}`);
  }
  const at = options.at.getTime();
  return {
    at: options.at.toISOString(),
    schedules: chosen.map((s) => {
      const { onCall, until } = onCallUntil(s, at, HORIZON_MS);
      return { name: s.name, timeZone: s.timeZone, onCall, until: until === null ? null : new Date(until).toISOString() };
    }),
  };
}

/** The schedules in force with each one's turns from `from` over the next `days` days (a handoff starts each span). */
export async function upcomingOncall(
  ctx: AppContext,
  options: { from: Date; days: number },
): Promise<AppliedSchedules & { readonly spans: ReadonlyMap<string, readonly OnCallSpan[]> }> {
  const applied = await currentOncallSchedules(ctx);
  const from = options.from.getTime();
  const to = from + options.days * 86_400_000;
  return { ...applied, spans: new Map(applied.schedules.map((s) => [s.name, onCallSpans(s, from, to)])) };
}
