import type { VersionAnnotations } from '../../core/model-cards/card-records.ts';
import { IssueCollector } from '../../core/issues.ts';
import { auditedTransaction } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { resolveModelRef } from '../resolve-model.ts';

const MAX_TEXT = 2000;
const MAX_ITEMS = 50;

/** A list field's change: the items given either replace the stored list or are added to it. */
export interface ListChange {
  readonly items: readonly unknown[];
  readonly replace: boolean;
}

export interface AnnotateRequest {
  readonly ref: string;
  /** A text sets it, null clears it, undefined keeps it. */
  readonly intendedUse?: unknown;
  readonly outOfScope?: ListChange;
  readonly limitations?: ListChange;
}

/**
 * What people state about a version for its card: intended use, out-of-scope uses, known limitations.
 * Fields not named keep what was stored; lists are replaced (`PUT`, `--clear-*`) or added to (the CLI's
 * repeatable flags), an item already there is not added twice. Audited `version.annotate` in the
 * transaction that writes it.
 */
export async function annotateVersion(
  ctx: AppContext,
  request: AnnotateRequest,
): Promise<{ model: string; version: number; annotations: VersionAnnotations }> {
  const issues = new IssueCollector();
  if (request.intendedUse !== undefined && request.intendedUse !== null) checkText(request.intendedUse, ['intended_use'], issues);
  for (const [field, change] of [
    ['out_of_scope', request.outOfScope],
    ['limitations', request.limitations],
  ] as const) {
    if (change === undefined) continue;
    if (!Array.isArray(change.items)) issues.report('invalid_type', [field], 'must be a list of texts');
    else change.items.forEach((item, i) => checkText(item, [field, i], issues));
  }
  if (request.intendedUse === undefined && request.outOfScope === undefined && request.limitations === undefined)
    issues.report('missing', [], 'give an intended use, out-of-scope uses or limitations');
  issues.throwIfAny('invalid_argument', `cannot annotate ${request.ref}`);
  return auditedTransaction(ctx, async (tx, audit) => {
    const { model, version } = await resolveModelRef(tx, request.ref);
    const before = await tx.modelCards.annotationsOf(version.id);
    const merged = (stored: readonly string[], change: ListChange | undefined): string[] => {
      if (change === undefined) return [...stored];
      const items = (change.items as string[]).map((s) => s.trim());
      return [...new Set([...(change.replace ? [] : stored), ...items])];
    };
    const annotations: VersionAnnotations = {
      versionId: version.id,
      intendedUse:
        request.intendedUse === undefined ? (before?.intendedUse ?? null) : (request.intendedUse as string | null)?.trim() || null,
      outOfScope: merged(before?.outOfScope ?? [], request.outOfScope),
      limitations: merged(before?.limitations ?? [], request.limitations),
      updatedBy: ctx.actor,
      updatedAt: ctx.clock().toISOString(),
    };
    const over = (
      [
        ['out_of_scope', annotations.outOfScope],
        ['limitations', annotations.limitations],
      ] as const
    ).filter(([, l]) => l.length > MAX_ITEMS);
    if (over.length > 0) {
      const tooMany = new IssueCollector();
      for (const [field] of over) tooMany.report('too_big', [field], `at most ${MAX_ITEMS} items`);
      tooMany.throwIfAny('invalid_argument', `cannot annotate ${request.ref}`);
    }
    await tx.modelCards.saveAnnotations(annotations);
    await audit({
      action: 'version.annotate',
      objectType: 'model_version',
      objectId: version.id,
      details: {
        model: model.name,
        version: version.version,
        intended_use: annotations.intendedUse,
        out_of_scope: annotations.outOfScope,
        limitations: annotations.limitations,
      },
    });
    return { model: model.name, version: version.version, annotations };
  });
}

function checkText(value: unknown, path: (string | number)[], issues: IssueCollector): void {
  if (typeof value !== 'string') issues.report('invalid_type', path, 'must be a text');
  else if (value.trim() === '') issues.report('too_small', path, 'must not be empty');
  else if (value.length > MAX_TEXT) issues.report('too_big', path, `must be at most ${MAX_TEXT} characters`);
}
