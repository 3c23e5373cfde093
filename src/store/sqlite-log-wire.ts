import type { PredictionLogRecord } from '../core/serving-records.ts';

/**
 * How prediction-log records travel to the log thread: one string per group, one line per record,
 * holding the very column values the thread binds to its INSERT. JSON.stringify escapes every
 * control character, so the two separators can never occur inside a JSON text; the fields that
 * are not JSON texts are either made by Ballast (ULIDs, ISO times, numbers) or JSON-encoded here.
 * Sending the records as one JSON document instead made the thread parse it and stringify the
 * inputs and outputs a second time; cloning the objects cost the event loop more than this.
 */
const FIELD = '\u001f';
const RECORD = '\u001e';

/** The predictions table's columns, in INSERT order. */
export type LogRow = [id: string, at: string, deploymentId: string, deploymentName: string, versionId: string, modelName: string, modelVersion: number, requestId: string | null, inputs: string, output: string, latencyMs: number, violations: string | null];

export function encodeLogRecords(records: readonly PredictionLogRecord[]): string {
  let text = '';
  // The deployment and version fields repeat from record to record (a group is usually one
  // deployment's): they are encoded once and reused while they stay the same strings.
  let last: PredictionLogRecord | undefined;
  let context = '';
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (last === undefined || r.deploymentId !== last.deploymentId || r.deploymentName !== last.deploymentName || r.versionId !== last.versionId || r.modelName !== last.modelName || r.modelVersion !== last.modelVersion) {
      context = `${JSON.stringify(r.deploymentId)}${FIELD}${JSON.stringify(r.deploymentName)}${FIELD}${JSON.stringify(r.versionId)}${FIELD}${JSON.stringify(r.modelName)}${FIELD}${r.modelVersion}`;
    }
    last = r;
    const violations = r.violations && r.violations.length > 0 ? JSON.stringify(r.violations) : '';
    if (i > 0) text += RECORD;
    text += `${r.id}${FIELD}${r.at}${FIELD}${context}${FIELD}${r.requestId === null ? 'null' : JSON.stringify(r.requestId)}${FIELD}${JSON.stringify(r.inputs)}${FIELD}${JSON.stringify(r.output)}${FIELD}${r.latencyMs}${FIELD}${violations}`;
  }
  return text;
}

/** JSON string fields that repeat from line to line (deployment, version, model) are parsed once per distinct text. */
function cachedParse(): (text: string) => string {
  let raw: string | undefined;
  let parsed = '';
  return (text) => {
    if (text !== raw) {
      parsed = JSON.parse(text) as string;
      raw = text;
    }
    return parsed;
  };
}

export function decodeLogRows(text: string): LogRow[] {
  if (text === '') return [];
  const [deploymentId, deploymentName, versionId, modelName] = [cachedParse(), cachedParse(), cachedParse(), cachedParse()];
  return text.split(RECORD).map((line) => {
    const f = line.split(FIELD);
    if (f.length !== 12) throw new Error(`a prediction-log record has ${f.length} fields, not 12`);
    return [f[0]!, f[1]!, deploymentId(f[2]!), deploymentName(f[3]!), versionId(f[4]!), modelName(f[5]!), Number(f[6]), f[7] === 'null' ? null : (JSON.parse(f[7]!) as string), f[8]!, f[9]!, Number(f[10]), f[11] === '' ? null : f[11]!];
  });
}
