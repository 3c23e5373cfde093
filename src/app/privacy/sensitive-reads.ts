import { carriesSensitive, maskPrediction, type Maskable } from '../../core/privacy/mask.ts';
import type { ReviewItem } from '../../core/reviews/review-item.ts';
import type { PredictionLogRecord } from '../../core/serving-records.ts';
import { auditedTransaction } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { sensitiveColumnLookup } from './sensitive-columns.ts';

/**
 * Who reads and where: `reveal` when the principal holds `sensitive:read` (server) or asked with
 * `--show-sensitive` (CLI); `route` names the read in the audit entry (`GET /v1/predictions`).
 */
export interface SensitiveAccess {
  readonly reveal: boolean;
  readonly route: string;
}

/** How many prediction ids one `sensitive.read` entry lists; `count` says how many there were. */
const AUDITED_IDS = 100;

interface Readable extends Maskable {
  readonly versionId: string;
  readonly deploymentName: string;
}

/**
 * Records as they may leave Ballast: values of each version's sensitive columns masked (`***`), or —
 * for a principal allowed to see them — unmasked, after one `sensitive.read` audit entry naming the
 * predictions that carried them. The entry is written before anything is answered, so no unmasked
 * value leaves without its trace (an audit failure fails the read).
 */
async function present<R extends Readable>(
  ctx: AppContext,
  access: SensitiveAccess,
  records: readonly R[],
  predictionIdOf: (record: R) => string,
): Promise<R[]> {
  const columnsOf = sensitiveColumnLookup(ctx.store);
  const revealed: R[] = [];
  const columnsSeen = new Set<string>();
  const out: R[] = [];
  for (const record of records) {
    const columns = await columnsOf(record.versionId);
    if (!carriesSensitive(record, columns)) {
      out.push(record);
    } else if (access.reveal) {
      revealed.push(record);
      for (const c of columns) if (c in record.inputs || record.violations?.some((v) => v.column === c)) columnsSeen.add(c);
      out.push(record);
    } else {
      out.push(maskPrediction(record, columns));
    }
  }
  if (revealed.length > 0) {
    const deployments = [...new Set(revealed.map((r) => r.deploymentName))].sort();
    await auditedTransaction(ctx, async (_tx, audit) => {
      await audit({
        action: 'sensitive.read',
        objectType: 'predictions',
        objectId: deployments.join(','),
        details: {
          route: access.route,
          deployments,
          columns: [...columnsSeen].sort(),
          prediction_ids: revealed.slice(0, AUDITED_IDS).map(predictionIdOf),
          count: revealed.length,
        },
      });
    });
  }
  return out;
}

/** Prediction-log reads (`GET /v1/predictions`, `…/{id}`, `ballast predictions list`). */
export function presentPredictions(
  ctx: AppContext,
  access: SensitiveAccess,
  records: readonly PredictionLogRecord[],
): Promise<PredictionLogRecord[]> {
  return present(ctx, access, records, (r) => r.id);
}

/** Review items' inputs and violations (`GET /v1/reviews`, `…/{id}`, a decision's answer, `ballast reviews list`). */
export async function presentReviews<V extends { readonly item: ReviewItem }>(
  ctx: AppContext,
  access: SensitiveAccess,
  views: readonly V[],
): Promise<V[]> {
  const items = await present(
    ctx,
    access,
    views.map((v) => v.item),
    (item) => item.predictionId,
  );
  return views.map((v, i) => (items[i] === v.item ? v : { ...v, item: items[i]! }));
}
