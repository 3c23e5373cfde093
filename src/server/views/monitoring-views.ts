import { monitoringPerformanceSchema } from './performance-views.ts';
import { windowLatencySchema } from './latency-views.ts';
import { freeObject, int, list, modelVersionRef, obj, str } from './wire-schema.ts';

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
    drift: {
      type: ['object', 'null'],
      additionalProperties: true,
      properties: {
        columns: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: true,
            properties: {
              importance_rank: {
                type: ['integer', 'null'],
                description: "the column's rank in the version's global importance (1: most important); null when unknown",
              },
            },
          },
        },
      },
    },
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
