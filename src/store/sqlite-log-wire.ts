import { inputValues } from '../core/logged-inputs.ts';
import type { PredictionLogRecord } from '../core/serving-records.ts';

/**
 * How prediction-log records travel to the log thread and land in the predictions table: the
 * event loop writes a group as one JSON array of rows (each row the INSERT's column values, the
 * inputs, output and violations as nested JSON), and the thread hands that text to SQLite whole,
 * where `jsonb_each` splits it into rows inside one INSERT … SELECT. Nothing is decoded in
 * JavaScript on the thread and nothing is bound per record.
 *
 * Measured against the previous wire (column values joined by control characters, split by the
 * thread and bound to a single-row INSERT per record), per record in groups of 16: the event loop's
 * encoding ~2.7 against ~4.8 µs of CPU, the thread's commit ~8 against ~11.5 µs
 * (docs/benchmarks.md, "The log's rows are split by SQLite").
 *
 * `->>` returns a JSON string as SQL text, a number as INTEGER or REAL (SQLite ≥ 3.45 parses
 * decimal text to the nearest double, as JSON.parse does), null as NULL, and an object or array
 * as its JSON text exactly as JSON.stringify wrote it (JSONB keeps a number's and a string's text
 * as given). So every column holds the same bytes the store's own insert (prediction-repository.ts)
 * writes for the record; sqlite-log-wire.test.ts checks that byte by byte, lone surrogates
 * included.
 */

/** One row on the wire: the predictions table's columns, in INSERT_LOG_ROWS' order. */
type WireRow = [
  id: string,
  at: string,
  deploymentId: string,
  deploymentName: string,
  versionId: string,
  modelName: string,
  modelVersion: number,
  requestId: string | null,
  inputs: unknown[],
  output: unknown,
  latencyMs: number,
  violations: unknown,
  role: string,
  enrichment: unknown,
];

export function encodeLogRecords(records: readonly PredictionLogRecord[]): string {
  const rows = new Array<WireRow>(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    rows[i] = [
      r.id,
      r.at,
      r.deploymentId,
      r.deploymentName,
      r.versionId,
      r.modelName,
      r.modelVersion,
      r.requestId,
      inputValues(r.features, r.inputs),
      r.output,
      r.latencyMs,
      r.violations && r.violations.length > 0 ? r.violations : null,
      r.role ?? 'stable',
      r.enrichment ?? null,
    ];
  }
  return JSON.stringify(rows);
}

/**
 * Inserts every row of one encoded group that is not in the table yet; its one parameter is
 * encodeLogRecords' text, as a string or as its UTF-8 bytes (the cast reads a blob as text
 * without converting it). A group can arrive twice (replayed from the journal after a crash that
 * came after its commit, or posted again to a restarted thread): a prediction id already present
 * is skipped, and only that conflict is (`where true` lets SQLite parse the upsert clause after a
 * SELECT).
 *
 * The answering role is the 13th value; a line journalled before roles existed has 12, and its
 * rows land with a null role (read as rows written before roles, all stable). The enrichment
 * (online-store lineage) is the 14th; a line journalled before it has 13 and lands with null.
 */
export const INSERT_LOG_ROWS = `insert into predictions (id, at, deployment_id, deployment_name, version_id, model_name, model_version, request_id, inputs, output, latency_ms, violations, role, enrichment)
  select value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, value->>10, value->>11, value->>12, value->>13 from jsonb_each(cast(? as text)) where true
  on conflict (id) do nothing`;
