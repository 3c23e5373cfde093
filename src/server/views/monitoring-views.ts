import { monitoringPerformanceSchema } from './performance-views.ts';
import { freeObject, int, list, modelVersionRef, obj, str } from './wire-schema.ts';

const nullableNum = { type: ['number', 'null'] } as const;

/**
 * A window's request latency (milliseconds, one value per request, from a KLL sketch within 0.83
 * points of rank) and its requests that failed on the server's side; null when unknown.
 */
const windowLatencySchema = obj(
  { p50_ms: nullableNum, p95_ms: nullableNum, p99_ms: nullableNum, errors: { type: ['integer', 'null'] } },
  {
    nullable: true,
    description:
      "Request latency percentiles in ms (null without answered requests) and requests that failed on the server's side (5xx; null when unknown, as for windows rebuilt from the log); null when the window's parts predate latency",
  },
);

/**
 * The monitoring answer, already snake_case from the app layer. Drift reports and quality summaries
 * grow with the drift engine, so a window passes through fields beyond those listed here.
 */
const windowSchema = {
  ...obj({
    start: str,
    end: str,
    model: modelVersionRef,
    rows: int,
    status: str,
    drift: { type: ['object', 'null'], additionalProperties: true },
    quality: freeObject,
    latency: windowLatencySchema,
    performance: monitoringPerformanceSchema,
  }),
  additionalProperties: true,
} as const;

export const deploymentMonitoringSchema = {
  ...obj({
    deployment: str,
    window: str,
    window_ms: int,
    from: str,
    to: str,
    reference: obj({ model: str, version: int, rows: int }, { nullable: true }),
    windows: list(windowSchema),
  }),
  additionalProperties: true,
} as const;
