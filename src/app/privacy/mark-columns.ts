import { BallastError } from '../../core/errors.ts';
import { formatModelRef } from '../../core/model-ref.ts';
import type { SensitiveColumn, SensitiveKind } from '../../core/privacy/sensitive-marks.ts';
import { auditedTransaction } from '../audit.ts';
import { contractOfVersion } from '../contracts.ts';
import type { AppContext } from '../context.ts';
import { resolveModelRef } from '../resolve-model.ts';
import { sensitiveColumnsOfVersion } from './sensitive-columns.ts';

export interface MarkRequest {
  readonly ref: string;
  readonly sensitive?: readonly string[];
  readonly pii?: readonly string[];
  readonly unmark?: readonly string[];
}

/**
 * `ballast models mark`: marks columns of a version sensitive or pii, or removes hand marks, in one
 * audited transaction (`version.mark_sensitive`). A column must be one of the version's inputs or its
 * contract's columns; one column named twice is refused, and so is unmarking a column its contract
 * flags (a contract is immutable: the flag goes with a new contract). Returns the effective set after.
 */
export async function markSensitiveColumns(
  ctx: AppContext,
  request: MarkRequest,
): Promise<{ model: string; version: number; columns: SensitiveColumn[] }> {
  const wanted: [string, SensitiveKind | 'unmark'][] = [
    ...(request.sensitive ?? []).map((c): [string, SensitiveKind] => [c, 'sensitive']),
    ...(request.pii ?? []).map((c): [string, SensitiveKind] => [c, 'pii']),
    ...(request.unmark ?? []).map((c): [string, 'unmark'] => [c, 'unmark']),
  ];
  if (wanted.length === 0) throw new BallastError('invalid_argument', 'name columns with --sensitive, --pii or --unmark');
  const seen = new Set<string>();
  for (const [column] of wanted) {
    if (seen.has(column)) throw new BallastError('invalid_argument', `column "${column}" is named more than once`);
    seen.add(column);
  }
  return auditedTransaction(ctx, async (tx, audit) => {
    const { model, version } = await resolveModelRef(tx, request.ref);
    const contract = await contractOfVersion(tx, version.contractId);
    const known = new Set([...version.signature.inputs.map((f) => f.name), ...Object.keys(contract?.contract.columns ?? {})]);
    const unknown = wanted.map(([c]) => c).filter((c) => !known.has(c));
    if (unknown.length > 0) {
      throw new BallastError(
        'invalid_argument',
        `${formatModelRef({ kind: 'version', name: model.name, version: version.version })} has no column ${unknown.map((c) => `"${c}"`).join(', ')}`,
      );
    }
    const rules = contract?.contract.columns ?? {};
    const fromContract = wanted.filter(([c, kind]) => kind === 'unmark' && (rules[c]?.sensitive || rules[c]?.pii)).map(([c]) => c);
    if (fromContract.length > 0) {
      throw new BallastError(
        'invalid_argument',
        `the contract flags ${fromContract.join(', ')} as sensitive; a contract's flags cannot be unmarked`,
      );
    }
    const at = ctx.clock().toISOString();
    for (const [column, kind] of wanted) {
      if (kind === 'unmark') await tx.sensitiveColumns.unmark(version.id, column);
      else await tx.sensitiveColumns.mark({ versionId: version.id, column, kind, markedBy: ctx.actor, markedAt: at });
    }
    const pick = (k: SensitiveKind | 'unmark') => wanted.filter(([, kind]) => kind === k).map(([c]) => c);
    await audit({
      action: 'version.mark_sensitive',
      objectType: 'model_version',
      objectId: version.id,
      details: { model: model.name, version: version.version, sensitive: pick('sensitive'), pii: pick('pii'), unmarked: pick('unmark') },
    });
    return { model: model.name, version: version.version, columns: await sensitiveColumnsOfVersion(tx, version) };
  });
}
