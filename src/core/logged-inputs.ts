/**
 * How the prediction log stores a prediction's inputs: the array of the model version's input
 * values in signature order, not an object. A version's feature names are fixed when it is
 * registered, so writing them into every row only repeated them: on the example credit model the
 * names were ~200 of a row's ~500 bytes, and every byte is encoded on the event loop, written to
 * the journal, parsed by the log thread and written twice by SQLite (docs/benchmarks.md, "Logged
 * inputs without their names"). Reading a row puts the names back from the version's signature.
 *
 * Rows written before this format hold an object; reading accepts both.
 */

const hasOwn = Object.prototype.hasOwnProperty;

/** The stored form: each feature's value in `features` order, null when the instance lacks it. */
export function inputValues(features: readonly string[], inputs: Readonly<Record<string, unknown>>): unknown[] {
  const values = new Array<unknown>(features.length);
  for (let i = 0; i < features.length; i++) {
    const name = features[i]!;
    const value = inputs[name];
    // A plain read is cheaper than hasOwnProperty on the hot path. It can only find something not
    // the instance's own for names Object.prototype has: its members are functions (never a value
    // parsed from JSON) and __proto__; only those are checked the careful way.
    values[i] = value === undefined || ((typeof value === 'function' || name === '__proto__') && !hasOwn.call(inputs, name)) ? null : value;
  }
  return values;
}

/**
 * The inputs object back from a stored row: an array takes its names from `features`, position by
 * position; an object (the earlier format) is kept as it is. An array of another length than
 * `features` was not written for this version: refused, so a mismatch shows instead of misnaming
 * or dropping values.
 */
export function inputsFromStored(features: readonly string[], stored: unknown): Record<string, unknown> {
  if (!Array.isArray(stored)) {
    if (stored === null || typeof stored !== 'object')
      throw new TypeError(`logged inputs are neither an array nor an object: ${JSON.stringify(stored)}`);
    return stored as Record<string, unknown>;
  }
  if (stored.length !== features.length)
    throw new TypeError(`logged inputs hold ${stored.length} values but the model version names ${features.length} features`);
  // A feature named __proto__ would set the prototype of an ordinary object.
  const inputs: Record<string, unknown> = features.includes('__proto__') ? (Object.create(null) as Record<string, unknown>) : {};
  for (let i = 0; i < features.length; i++) inputs[features[i]!] = stored[i];
  return inputs;
}
