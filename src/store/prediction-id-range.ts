import { encodeTime } from 'ulid';

/**
 * The smallest ULID of a millisecond: its time part followed by zeros. Prediction ids are ULIDs made
 * when the row is logged, so an id range around a time range narrows a scan of the prediction log
 * to its (deployment_name, id) index.
 */
export function idFloor(ms: number): string {
  return encodeTime(Math.max(0, Math.min(ms, 281474976710655)), 10) + '0'.repeat(16);
}
