import { sql, type Kysely } from 'kysely';
import type { ClassLabel } from '../core/signature.ts';
import { predictionsByRequestId } from './predictions-by-request-id.ts';
import type { Database } from './schema.ts';

/** One label sent for one logged prediction: a class value of a classifier, or a regressor's number. */
export interface FeedbackEntry {
  readonly id: string;
  readonly predictionId: string;
  readonly deploymentName: string;
  readonly label: ClassLabel;
  readonly receivedAt: string;
  readonly actor: string;
  /** Where the label came from: absent = the client sent it, `review` = a reviewer's decision (review-decisions.ts). */
  readonly source?: FeedbackSource | null;
}

export type FeedbackSource = 'review';

/** A logged prediction a label can be joined to. */
export interface JoinTarget {
  readonly predictionId: string;
  readonly requestId: string | null;
  readonly versionId: string;
}

// PostgreSQL: the protocol limits bound parameters per statement (65535); 500 rows per chunk stays
// well inside for every query here.
const CHUNK = 500;
// SQLite: a whole list travels as one JSON text parameter, read back with json_each, so each query
// has one SQL text whatever the list's length. Kysely prepares every statement it runs, and a
// multi-row INSERT of 500 rows (3,000 parameters) cost more to prepare and bind than to run: at a
// million labels this cut `feedback import` by about half (docs/benchmarks.md). The bound keeps one
// JSON text to a few MB.
const SQLITE_CHUNK = 20_000;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A list as one SQLite parameter: `x in (select value from json_each(?))`. */
function jsonList(values: readonly string[]) {
  return sql<string>`(select value from jsonb_each(${JSON.stringify(values)}))`;
}

/**
 * Ground truth, kept as history: every label ever sent is a row, and a prediction's current label is
 * its newest (received_at, then id: ids are ULIDs, so two labels of one millisecond keep their order).
 */
export class FeedbackRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  async insertMany(entries: readonly FeedbackEntry[]): Promise<void> {
    if (this.dialect === 'sqlite') {
      for (const chunk of chunks(entries, SQLITE_CHUNK)) {
        // The label is stored as JSON text; ->> reads each field back as the text it was sent as. A batch
        // of labels usually shares its deployment, time and sender: those are then bound once.
        const [first] = chunk;
        const shared = chunk.every(
          (e) =>
            e.deploymentName === first!.deploymentName &&
            e.receivedAt === first!.receivedAt &&
            e.actor === first!.actor &&
            (e.source ?? null) === (first!.source ?? null),
        );
        if (shared) {
          const rows = JSON.stringify(chunk.map((e) => [e.id, e.predictionId, JSON.stringify(e.label)]));
          await sql`insert into feedback (id, prediction_id, deployment_name, label, received_at, actor, source)
            select value->>0, value->>1, ${first!.deploymentName}, value->>2, ${first!.receivedAt}, ${first!.actor}, ${first!.source ?? null} from jsonb_each(${rows})`.execute(
            this.db,
          );
          continue;
        }
        const rows = JSON.stringify(
          chunk.map((e) => [e.id, e.predictionId, e.deploymentName, JSON.stringify(e.label), e.receivedAt, e.actor, e.source ?? null]),
        );
        await sql`insert into feedback (id, prediction_id, deployment_name, label, received_at, actor, source)
          select value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6 from jsonb_each(${rows})`.execute(this.db);
      }
      return;
    }
    for (const chunk of chunks(entries)) {
      await this.db
        .insertInto('feedback')
        .values(
          chunk.map((e) => ({
            id: e.id,
            prediction_id: e.predictionId,
            deployment_name: e.deploymentName,
            label: JSON.stringify(e.label),
            received_at: e.receivedAt,
            actor: e.actor,
            source: e.source ?? null,
          })),
        )
        .execute();
    }
  }

  /** The current label of each of these predictions that has one. */
  async current(predictionIds: readonly string[]): Promise<Map<string, FeedbackEntry>> {
    const latest = new Map<string, FeedbackEntry>();
    for (const chunk of this.listChunks([...new Set(predictionIds)])) {
      const rows = await this.db
        .selectFrom('feedback')
        .selectAll()
        .where('prediction_id', 'in', this.list(chunk))
        .orderBy('prediction_id')
        .orderBy('received_at')
        .orderBy('id')
        .execute();
      // Oldest first within a prediction, so the last row written to the map is the newest.
      for (const row of rows) latest.set(row.prediction_id, toEntry(row));
    }
    return latest;
  }

  /** Every label of one prediction, oldest first. */
  async history(predictionId: string): Promise<FeedbackEntry[]> {
    const rows = await this.db
      .selectFrom('feedback')
      .selectAll()
      .where('prediction_id', '=', predictionId)
      .orderBy('received_at')
      .orderBy('id')
      .execute();
    return rows.map(toEntry);
  }

  /**
   * The logged predictions of one deployment that these prediction ids and request ids name. An id
   * that is not here was never logged on this deployment (or was left out by its log sample rate).
   */
  async joinTargets(deployment: string, keys: { predictionIds: readonly string[]; requestIds: readonly string[] }): Promise<JoinTarget[]> {
    const found: JoinTarget[] = [];
    const base = () =>
      this.db.selectFrom('predictions').select(['id', 'request_id', 'version_id']).where('deployment_name', '=', deployment);
    for (const chunk of this.listChunks([...new Set(keys.predictionIds)])) {
      for (const row of await base().where('id', 'in', this.list(chunk)).execute()) found.push(toTarget(row));
    }
    for (const row of await predictionsByRequestId(this.db, this.dialect, deployment, keys.requestIds)) found.push(toTarget(row));
    return found;
  }

  private listChunks(values: readonly string[]): string[][] {
    return chunks(values, this.dialect === 'sqlite' ? SQLITE_CHUNK : CHUNK);
  }

  /** The right-hand side of `in`: bound values on PostgreSQL, one JSON parameter on SQLite. */
  private list(values: string[]) {
    return this.dialect === 'sqlite' ? jsonList(values) : values;
  }
}

function toEntry(row: {
  id: string;
  prediction_id: string;
  deployment_name: string;
  label: string;
  received_at: string;
  actor: string;
  source: string | null;
}): FeedbackEntry {
  return {
    id: row.id,
    predictionId: row.prediction_id,
    deploymentName: row.deployment_name,
    label: JSON.parse(row.label) as ClassLabel,
    receivedAt: row.received_at,
    actor: row.actor,
    ...(row.source !== null ? { source: row.source as FeedbackSource } : {}),
  };
}

function toTarget(row: { id: string; request_id: string | null; version_id: string }): JoinTarget {
  return { predictionId: row.id, requestId: row.request_id, versionId: row.version_id };
}
