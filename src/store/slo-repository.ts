import type { Kysely, Selectable } from 'kysely';
import type { SloComparison, SloObjective } from '../core/slo/slo-objective.ts';
import type { KllState } from '../core/sketches/kll.ts';
import type { Database, SlosTable } from './schema.ts';

export interface StoredSlo {
  readonly deployment: string;
  readonly objective: SloObjective;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** Which window part this is, and when it was last written: enough to know whether a part counted before changed. */
export interface WindowPartKey {
  readonly windowStart: string;
  readonly windowMs: number;
  readonly versionId: string;
  readonly source: string;
  readonly updatedAt: string;
}

/** What an SLO reads of a stored window part: its requests, nothing of its (much larger) profile. */
export interface RequestWindowPart extends WindowPartKey {
  readonly latency: KllState | null;
  readonly errors: number | null;
}

/** Deployments' service level objectives (migration 0016), and the window parts their budgets are counted from. */
export class SloRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Every objective, or a deployment's, by deployment then name. */
  async list(deployment?: string): Promise<StoredSlo[]> {
    let query = this.db.selectFrom('slos').selectAll();
    if (deployment !== undefined) query = query.where('deployment_name', '=', deployment);
    const rows = await query.orderBy('deployment_name').orderBy('name').execute();
    return rows.map(toStored);
  }

  /**
   * Writes objectives of a deployment: with `replace`, they become its whole set; without, they
   * replace only the objectives of the same names. Call inside a transaction, so readers never see
   * a deployment between the delete and the insert.
   */
  async save(deployment: string, objectives: readonly SloObjective[], meta: { at: string; by: string; replace: boolean }): Promise<void> {
    let remove = this.db.deleteFrom('slos').where('deployment_name', '=', deployment);
    if (!meta.replace) {
      if (objectives.length === 0) return;
      remove = remove.where(
        'name',
        'in',
        objectives.map((o) => o.name),
      );
    }
    await remove.execute();
    if (objectives.length === 0) return;
    await this.db
      .insertInto('slos')
      .values(objectives.map((o) => toRow(deployment, o, meta.at, meta.by)))
      .execute();
  }

  /** Deletes a deployment's objectives (or the one named); the number deleted. */
  async delete(deployment: string, name?: string): Promise<number> {
    let query = this.db.deleteFrom('slos').where('deployment_name', '=', deployment);
    if (name !== undefined) query = query.where('name', '=', name);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * The request counts of the deployment's window parts starting in [from, to), every version and
   * writer: the latency sketch and failures only. A period of 28 days of one-minute windows is tens
   * of thousands of parts; leaving out the profiles keeps that read to the sketches (a few KB a part).
   */
  async requestParts(deployment: string, from: string, to: string): Promise<RequestWindowPart[]> {
    const rows = await this.partsQuery(deployment, from, to).select(['latency', 'errors']).execute();
    return rows.map((r) => ({
      ...toKey(r),
      latency: r.latency === null ? null : (JSON.parse(r.latency) as KllState),
      errors: r.errors === null ? null : Number(r.errors),
    }));
  }

  /**
   * The keys of the same parts, without their sketches: what a reader that kept earlier parts'
   * counts checks first; `writtenSince` keeps only the parts written at or after that time.
   */
  async requestPartKeys(deployment: string, from: string, to: string, writtenSince?: string): Promise<WindowPartKey[]> {
    let query = this.partsQuery(deployment, from, to);
    if (writtenSince !== undefined) query = query.where('updated_at', '>=', writtenSince);
    return (await query.execute()).map(toKey);
  }

  /** How many parts start in [from, to): a reader's check that none it kept was deleted. */
  async countRequestParts(deployment: string, from: string, to: string): Promise<number> {
    const row = await this.db
      .selectFrom('window_profiles')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('deployment_name', '=', deployment)
      .where('window_start', '>=', from)
      .where('window_start', '<', to)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  private partsQuery(deployment: string, from: string, to: string) {
    return this.db
      .selectFrom('window_profiles')
      .select(['window_start', 'window_ms', 'version_id', 'source', 'updated_at'])
      .where('deployment_name', '=', deployment)
      .where('window_start', '>=', from)
      .where('window_start', '<', to);
  }
}

function toKey(r: { window_start: string; window_ms: number; version_id: string; source: string; updated_at: string }): WindowPartKey {
  return { windowStart: r.window_start, windowMs: Number(r.window_ms), versionId: r.version_id, source: r.source, updatedAt: r.updated_at };
}

function toRow(deployment: string, o: SloObjective, at: string, by: string): SlosTable {
  return {
    deployment_name: deployment,
    name: o.name,
    kind: o.kind,
    target: o.target,
    period_ms: o.periodMs,
    threshold_ms: o.kind === 'latency' ? o.thresholdMs : null,
    signal: o.kind === 'behaviour' ? o.signal : null,
    comparison: o.kind === 'behaviour' ? o.comparison : null,
    threshold: o.kind === 'behaviour' ? o.threshold : null,
    window_ms: o.kind === 'behaviour' ? o.windowMs : null,
    updated_at: at,
    updated_by: by,
  };
}

function toStored(row: Selectable<SlosTable>): StoredSlo {
  const common = { name: row.name, target: Number(row.target), periodMs: Number(row.period_ms) };
  const objective: SloObjective =
    row.kind === 'latency'
      ? { kind: 'latency', ...common, thresholdMs: Number(row.threshold_ms) }
      : row.kind === 'behaviour'
        ? {
            kind: 'behaviour',
            ...common,
            signal: row.signal!,
            comparison: row.comparison as SloComparison,
            threshold: Number(row.threshold),
            windowMs: Number(row.window_ms),
          }
        : { kind: 'availability', ...common };
  return { deployment: row.deployment_name, objective, updatedAt: row.updated_at, updatedBy: row.updated_by };
}
