import { describeValue, integerArrayField, invalidField, isObject, numberArrayField, type JsonObject } from './json-fields.ts';

/**
 * XGBoost ≥ 3.1 stores the categories each categorical feature had in training
 * (`gradient_booster.model.cats.enc`, one entry per feature). A category's code is its index in
 * that list: XGBoost re-codes a pandas frame by these names before predicting.
 *
 * String categories are UTF-8 bytes (`values`, written as int8) cut by `offsets`; numeric ones
 * are a plain `values` array, named here as their decimal text.
 */
export function parseCategoryNames(
  cats: JsonObject | undefined,
  path: string,
  featureCount: number,
  writerVersion: readonly number[],
): ReadonlyArray<readonly string[] | undefined> {
  const none = new Array<undefined>(featureCount).fill(undefined);
  if (cats === undefined || cats['enc'] === undefined) return none;
  const enc = cats['enc'];
  if (!Array.isArray(enc)) return invalidField(`${path}.enc`, 'must be an array', describeValue(enc));
  if (enc.length === 0) return none;
  if (enc.length !== featureCount) invalidField(`${path}.enc`, `must have one entry per feature (${featureCount})`, String(enc.length));
  return enc.map((entry, feature) => {
    const where = `${path}.enc[${feature}]`;
    if (!isObject(entry)) return invalidField(where, 'must be an object', describeValue(entry));
    const names = entry['offsets'] !== undefined ? stringCategories(entry, where, writerVersion) : numericCategories(entry, where);
    if (names !== undefined && new Set(names).size !== names.length) invalidField(`${where}.values`, 'must name each category once');
    return names;
  });
}

function stringCategories(entry: JsonObject, where: string, writerVersion: readonly number[]): readonly string[] | undefined {
  const offsets = integerArrayField(entry, 'offsets', where, { min: 0, max: 2 ** 31 - 1 });
  const values = integerArrayField(entry, 'values', where, { min: -128, max: 255 });
  if (offsets.length === 0) return undefined; // a numeric feature
  const ordered = offsets.every((offset, i) => i === 0 || offset >= offsets[i - 1]!);
  if (offsets[0] !== 0 || offsets[offsets.length - 1] !== values.length || !ordered) {
    invalidField(`${where}.offsets`, `must rise from 0 to the ${values.length} bytes of values`, describeValue(offsets));
  }
  const bytes = Uint8Array.from(values, (value) => value & 0xff);
  // XGBoost before 3.4 measured names in characters, not bytes, so a non-ASCII name was cut
  // short and its neighbours shifted (fixed by dmlc/xgboost#12371). Those names cannot be
  // trusted; the codes still work, so the feature is kept without names.
  if (isBefore(writerVersion, [3, 4, 0]) && bytes.some((byte) => byte >= 0x80)) return undefined;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const names: string[] = [];
  for (let i = 0; i + 1 < offsets.length; i++) {
    try {
      names.push(decoder.decode(bytes.subarray(offsets[i]!, offsets[i + 1]!)));
    } catch {
      invalidField(`${where}.values`, `must hold UTF-8 names; name ${i} is not valid UTF-8`);
    }
  }
  return names;
}

function numericCategories(entry: JsonObject, where: string): readonly string[] | undefined {
  const values = numberArrayField(entry, 'values', where);
  return values.length === 0 ? undefined : values.map((value) => String(value));
}

function isBefore(version: readonly number[], than: readonly number[]): boolean {
  for (let i = 0; i < than.length; i++) {
    const part = version[i] ?? 0;
    if (part !== than[i]) return part < than[i]!;
  }
  return false;
}
