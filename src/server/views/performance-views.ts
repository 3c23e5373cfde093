import { windowLatencySchema } from './latency-views.ts';
import { bool, int, list, modelVersionRef, nullableStr, num, obj, str } from './wire-schema.ts';

const nullableNum = { type: ['number', 'null'] } as const;

/** One metric as `ballast performance --json` prints it per chunk: realised and estimated side by side. */
const metricSchema = obj({
  realized: nullableNum,
  estimated: nullableNum,
  sampling_error: nullableNum,
  lower: nullableNum,
  upper: nullableNum,
  alert: bool,
});

const worstSliceSchema = obj({
  column: str,
  slice: str,
  rows: int,
  labelled_rows: int,
  metric: str,
  value: num,
  overall: num,
  p_value: num,
});

/** A window's performance, as the monitoring route puts it beside the window's drift (`?performance=true`). */
const performanceFields = {
  rows: int,
  labelled_rows: int,
  skipped_labels: int,
  metrics: { type: 'object', additionalProperties: metricSchema, description: 'by metric name (docs/performance.md)' },
  error_bounds: { type: 'object', additionalProperties: num, description: 'the most an approximate metric can be off by' },
  confusion_matrix: obj(
    { classes: list({ type: ['string', 'number'] }), counts: list(list(int)) },
    { nullable: true, description: 'counts[true class][predicted class]; null without labels or for a regressor' },
  ),
  calibration: obj(
    {
      expected_calibration_error: num,
      maximum_calibration_error: num,
      points: list(obj({ bin_start: num, bin_end: num, mean_score: num, observed_rate: num, count: int })),
    },
    { nullable: true },
  ),
  slices: obj({ worst: list(worstSliceSchema), reason: nullableStr }),
  kpis: list(obj({ name: str, event: str, aggregate: str, value: nullableNum, count: int, lower: nullableNum, upper: nullableNum })),
} as const;

export const monitoringPerformanceSchema = obj(performanceFields, { nullable: true });

const windowSchema = obj({ start: str, end: str, model: modelVersionRef, ...performanceFields, latency: windowLatencySchema });

export const deploymentPerformanceSchema = obj({
  deployment: str,
  task: nullableStr,
  window: str,
  window_ms: int,
  from: str,
  to: str,
  estimation: obj({ model: modelVersionRef, reference_rows: { type: ['integer', 'null'] } }, { nullable: true }),
  windows: list(windowSchema),
  kpi_comparisons: list(
    obj({
      name: str,
      aggregate: str,
      a: obj({ model: modelVersionRef, value: nullableNum, count: int }),
      b: obj({ model: modelVersionRef, value: nullableNum, count: int }),
      difference: nullableNum,
      p_value: nullableNum,
      test: str,
    }),
  ),
});
