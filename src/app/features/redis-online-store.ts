import { createClient } from 'redis';
import { BallastError } from '../../core/errors.ts';
import type { FeatureValue } from '../../core/features/expression/values.ts';
import type { OnlineFeatureRow } from '../../store/online-feature-repository.ts';
import type { OnlineStore } from './online-store.ts';

/**
 * The online store in Redis, for teams that run it. One hash per view and entity key
 * (`ballast:features:<view>:<key>`), like Feast's Redis store: the event time is a field of the hash,
 * each feature another (`v:<name>`, its value as JSON so numbers, booleans and missing come back as
 * they went in). A Lua script compares event times inside Redis, so an older write never replaces a
 * newer one even when two materialisations race.
 *
 * Redis being down must not hang a request: commands are not queued while disconnected and carry a
 * timeout, and every failure to reach Redis is `online_store_unavailable` (503). The first connection
 * is tried once per call; once connected, the client reconnects by itself after a drop.
 */

export interface RedisOnlineStoreOptions {
  /** Prefix of every key Ballast writes, so several installations (or tests) can share one Redis. */
  readonly keyPrefix?: string;
  /** Longest wait for a connection or a command, in milliseconds. */
  readonly timeoutMs?: number;
}

const DEFAULT_PREFIX = 'ballast:';
const DEFAULT_TIMEOUT_MS = 2000;
/** Commands sent at once; node-redis pipelines the commands of one tick into one write. */
const BATCH = 1000;
const VALUE_FIELD = 'v:';

// KEYS[1]: the hash. ARGV: event time, then field/value pairs. ISO 8601 UTC texts of one length
// compare as times, so a string comparison is a time comparison. Equal times replace (as the
// database store does), so rematerialising a window is idempotent.
const WRITE_IF_NOT_OLDER = `
local current = redis.call('HGET', KEYS[1], 'event_time')
if current and current > ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'event_time', unpack(ARGV))
return 1
`;

type Client = ReturnType<typeof createClient>;

/** Checks the URL now (a typo is an argument error, not an outage); connects on first use. */
export function redisOnlineStore(url: string, options: RedisOnlineStoreOptions = {}): OnlineStore {
  const where = checkedRedisUrl(url);
  const prefix = options.keyPrefix ?? DEFAULT_PREFIX;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let connecting: Promise<{ client: Client; sha: string }> | undefined;
  let closed = false;

  const unavailable = (error: unknown): BallastError =>
    error instanceof BallastError
      ? error
      : new BallastError('online_store_unavailable', `the Redis online store at ${where} cannot be reached: ${(error as Error).message}`);

  async function connect(): Promise<{ client: Client; sha: string }> {
    let connected = false;
    const client = createClient({
      url,
      disableOfflineQueue: true,
      commandOptions: { timeout: timeoutMs },
      socket: {
        connectTimeout: timeoutMs,
        // Before the first connection: give up at once (the caller gets a 503 and may retry).
        // After it: keep reconnecting, backing off to a second, while commands fail fast meanwhile.
        reconnectStrategy: (retries, cause) => (connected ? Math.min(50 * 2 ** retries, 1000) : cause),
      },
    });
    // Without a listener node-redis would throw connection errors as uncaught; each call reports its own.
    client.on('error', () => {});
    try {
      await client.connect();
      connected = true;
      const sha = await client.scriptLoad(WRITE_IF_NOT_OLDER);
      return { client, sha };
    } catch (error) {
      client.destroy();
      throw error;
    }
  }

  async function ready(): Promise<{ client: Client; sha: string }> {
    if (closed) throw new BallastError('online_store_unavailable', `the Redis online store at ${where} is closed`);
    connecting ??= connect();
    try {
      return await connecting;
    } catch (error) {
      connecting = undefined;
      throw unavailable(error);
    }
  }

  const keyOf = (view: string, entityKey: string) => `${prefix}features:${encodeURIComponent(view)}:${entityKey}`;

  return {
    kind: 'redis',

    async write(view, rows, featureSetVersion, at) {
      const { client, sha } = await ready();
      const send = (batch: readonly OnlineFeatureRow[]) =>
        Promise.all(
          batch.map((row) =>
            client.evalSha(sha, { keys: [keyOf(view, row.entityKey)], arguments: writeArguments(row, featureSetVersion, at) }),
          ),
        );
      try {
        for (let i = 0; i < rows.length; i += BATCH) {
          const batch = rows.slice(i, i + BATCH);
          try {
            await send(batch);
          } catch (error) {
            // A restarted Redis has forgotten the script: load it again and resend (writes are idempotent).
            if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
            await client.scriptLoad(WRITE_IF_NOT_OLDER);
            await send(batch);
          }
        }
      } catch (error) {
        throw unavailable(error);
      }
    },

    async read(view, keys) {
      const { client } = await ready();
      const out = new Map<string, OnlineFeatureRow>();
      const unique = [...new Set(keys)];
      try {
        for (let i = 0; i < unique.length; i += BATCH) {
          const batch = unique.slice(i, i + BATCH);
          const hashes = await Promise.all(batch.map((key) => client.hGetAll(keyOf(view, key))));
          hashes.forEach((hash, j) => {
            const row = rowOf(batch[j]!, hash);
            if (row !== undefined) out.set(row.entityKey, row);
          });
        }
      } catch (error) {
        throw unavailable(error);
      }
      return out;
    },

    async close() {
      closed = true;
      const pending = connecting;
      connecting = undefined;
      if (pending === undefined) return;
      try {
        (await pending).client.destroy();
      } catch {
        // It never connected: nothing to close.
      }
    },
  };
}

function writeArguments(row: OnlineFeatureRow, featureSetVersion: number, at: string): string[] {
  const args = [row.eventTime, 'feature_set_version', String(featureSetVersion), 'materialized_at', at];
  for (const [name, value] of Object.entries(row.values)) args.push(VALUE_FIELD + name, JSON.stringify(value));
  return args;
}

function rowOf(entityKey: string, hash: Record<string, string>): OnlineFeatureRow | undefined {
  const eventTime = hash.event_time;
  if (eventTime === undefined) return undefined;
  const values: Record<string, FeatureValue> = {};
  for (const [field, text] of Object.entries(hash))
    if (field.startsWith(VALUE_FIELD)) values[field.slice(VALUE_FIELD.length)] = JSON.parse(text) as FeatureValue;
  return { entityKey, values, eventTime };
}

/** `redis://` or `rediss://` with a host; the result names it without any password, for messages. */
function checkedRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BallastError(
      'invalid_argument',
      `online store ${JSON.stringify(url)} is not a URL: write redis://HOST:PORT (or rediss:// for TLS)`,
    );
  }
  if ((parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || parsed.hostname === '')
    throw new BallastError(
      'invalid_argument',
      `online store ${parsed.protocol}//… is not Redis: write redis://HOST:PORT (or rediss:// for TLS)`,
    );
  return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
}
