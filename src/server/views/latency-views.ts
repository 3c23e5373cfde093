import { obj } from './wire-schema.ts';

const nullableNum = { type: ['number', 'null'] } as const;

/**
 * A window's request latency (milliseconds, one value per request, from a KLL sketch within 0.83
 * points of rank) and its requests that failed on the server's side; null when unknown.
 */
export const windowLatencySchema = obj(
  { p50_ms: nullableNum, p95_ms: nullableNum, p99_ms: nullableNum, errors: { type: ['integer', 'null'] } },
  {
    nullable: true,
    description:
      "Request latency percentiles in ms (null without answered requests) and requests that failed on the server's side (5xx; null when unknown, as for windows rebuilt from the log); null when the window's parts predate latency",
  },
);
