import { int, list, num, obj, str, strings } from './wire-schema.ts';

const FEATURE_TYPES = { type: 'string', enum: ['number', 'integer', 'string', 'boolean'] } as const;
const description = { ...str, description: 'as written in the definitions; absent when none' };

/** The `ballast.features/v1` document as the API answers it (docs/features.md); `features apply` reads it back. */
const definitionsSchema = obj({
  format: { type: 'string', enum: ['ballast.features/v1'] },
  entities: list(obj({ name: str, key: { ...str, description: 'the join key column' }, description })),
  sources: list(
    obj({
      name: str,
      path: { ...str, description: 'the CSV or Parquet file, absolute (resolved at apply); absent for a table' },
      table: { ...str, description: "a table of the store's database; absent for a file" },
      timestamp: { ...str, description: 'the event-time column' },
      created_timestamp: { ...str, description: 'orders rows that share an event time; absent when none' },
    }),
  ),
  feature_views: list(
    obj({
      name: str,
      entity: str,
      source: str,
      ttl: { ...num, description: 'seconds a value stays valid after its event time; 0 for no limit' },
      features: list(
        obj({ name: str, type: FEATURE_TYPES, expr: { ...str, description: 'a derived feature: its expression' }, description }),
      ),
    }),
  ),
  on_demand_features: list(obj({ name: str, type: FEATURE_TYPES, expr: str, description })),
});

export const featureSetSchema = obj({
  version: int,
  sha256: { ...str, description: 'sha256 of the canonical JSON of the definitions' },
  source_file: { ...str, description: 'the file they were applied from' },
  created_by: str,
  created_at: str,
  feature_views: { ...strings, description: 'the views, by name' },
  features: { ...int, description: 'how many features the views hold' },
  on_demand_features: { ...int, description: 'how many on-demand features there are' },
  definitions: definitionsSchema,
});
