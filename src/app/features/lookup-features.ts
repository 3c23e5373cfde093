import { BallastError } from '../../core/errors.ts';
import { entityKeyText } from '../../core/features/point-in-time.ts';
import type { FeatureValue } from '../../core/features/expression/values.ts';
import type { AppContext } from '../context.ts';
import { currentFeatureSet } from './current-feature-set.ts';
import { onlineStoreOf } from './online-store.ts';

/** Keys one lookup may ask for: a request, not an export (materialised data stays in the store). */
export const MAX_LOOKUP_KEYS = 1000;

export interface FeatureLookupRow {
  /** The key as asked, in its text form (42 and "42" are one key). */
  readonly key: string;
  readonly found: boolean;
  /** When the values became true (the source row's event time); null when not found. */
  readonly eventTime: string | null;
  /** Every feature of the view, in definition order; null when missing or not found. */
  readonly values: Readonly<Record<string, FeatureValue>>;
}

export interface FeatureLookup {
  readonly view: string;
  /** The view's features, in definition order. */
  readonly features: readonly string[];
  /** One per key asked, in the order asked (a key asked twice is answered twice). */
  readonly rows: readonly FeatureLookupRow[];
}

/**
 * The online values of a view's features for entity keys, from the configured online store in one
 * batched read. The view is checked against the applied definitions, and the answer has exactly the
 * view's current features: a value stored under an older definition for a feature since removed is
 * not served. Like Feast's online read, the TTL is not applied here: materialisation decides what is
 * stored, and `event_time` lets the caller judge freshness.
 */
export async function lookupFeatures(ctx: AppContext, viewName: string, keys: readonly unknown[]): Promise<FeatureLookup> {
  const texts = checkedKeys(keys);
  const { definitions } = await currentFeatureSet(ctx);
  const view = definitions.featureViews.find((v) => v.name === viewName);
  if (view === undefined)
    throw new BallastError(
      'feature_not_found',
      `no feature view is named "${viewName}" (views: ${definitions.featureViews.map((v) => v.name).join(', ') || 'none'})`,
    );
  const features = view.features.map((f) => f.name);
  const stored = await onlineStoreOf(ctx).read(view.name, texts);
  const rows = texts.map((key): FeatureLookupRow => {
    const row = stored.get(key);
    const values: Record<string, FeatureValue> = {};
    for (const name of features) values[name] = row !== undefined && Object.hasOwn(row.values, name) ? row.values[name]! : null;
    return { key, found: row !== undefined, eventTime: row?.eventTime ?? null, values };
  });
  return { view: view.name, features, rows };
}

function checkedKeys(keys: readonly unknown[]): string[] {
  if (keys.length === 0) throw new BallastError('invalid_argument', 'no entity keys given: ask for at least one key');
  if (keys.length > MAX_LOOKUP_KEYS)
    throw new BallastError('invalid_argument', `${keys.length} keys asked for; at most ${MAX_LOOKUP_KEYS} per lookup`);
  return keys.map((key, i) => {
    const text = typeof key === 'string' || typeof key === 'number' ? entityKeyText(key) : null;
    if (text === null)
      throw new BallastError(
        'invalid_argument',
        `key ${i + 1} (${JSON.stringify(key)}) is not an entity key: give a non-empty text or a number`,
      );
    return text;
  });
}
