import type { AlertNotification } from '../../../core/alerts/alert-notification.ts';
import type { AlertReceiver } from '../../../core/alerts/alert-rule.ts';
import { alertmanagerPayload, slackPayload, webhookPayload } from '../../../core/alerts/receiver-payloads.ts';
import { BALLAST_VERSION } from '../../version.ts';
import { nodeHttpPost, type HttpPost } from './http-post.ts';
import { checkTarget, resolveWithDns, UnsafeTargetError, type ResolveHost } from './safe-target.ts';

export interface DeliveryOptions {
  readonly post?: HttpPost;
  readonly resolve?: ResolveHost;
  /** Per attempt (default 5 s). */
  readonly timeoutMs?: number;
  /** Attempts in all, the first included (default 5). */
  readonly maxAttempts?: number;
  /** The first retry waits about this long, each next one twice as long, up to maxDelayMs (defaults 1 s, 60 s). */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** [0, 1): the jitter. */
  readonly random?: () => number;
}

export interface DeliveryResult {
  readonly ok: boolean;
  readonly attempts: number;
  /** The last HTTP status, when an answer came. */
  readonly status?: number;
  /** Why the last attempt failed. */
  readonly error?: string;
}

/** The URL and body a receiver kind is sent. */
function requestFor(receiver: AlertReceiver, notification: AlertNotification): { url: string; body: unknown } {
  switch (receiver.kind) {
    case 'alertmanager':
      return { url: `${receiver.url.replace(/\/+$/, '')}/api/v2/alerts`, body: alertmanagerPayload(notification) };
    case 'slack':
      return { url: receiver.url, body: slackPayload(notification) };
    case 'webhook':
      return { url: receiver.url, body: webhookPayload(notification) };
  }
}

// An answer worth asking again: the receiver is overloaded, down or slow, not refusing the request.
const retryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;

/**
 * Sends one notification to one receiver, retrying with exponential backoff and full jitter, each
 * attempt bounded by a timeout. Never throws: what happened is the result. A refused address, a
 * redirect or another 4xx is final; a timeout, a network error, 408, 429 and 5xx are retried until
 * the attempts are spent. Every attempt carries the same Idempotency-Key.
 */
export async function deliver(
  receiver: AlertReceiver,
  notification: AlertNotification,
  options: DeliveryOptions = {},
): Promise<DeliveryResult> {
  return deliverRequest(receiver, requestFor(receiver, notification), notification.idempotencyKey, options);
}

/**
 * Sends a body already shaped for the receiver's kind (an on-call page, say) the way `deliver` sends a
 * notification: the same address guard, retries, timeout and Idempotency-Key on every attempt.
 */
export async function deliverRequest(
  receiver: AlertReceiver,
  request: { readonly url: string; readonly body: unknown },
  idempotencyKey: string,
  options: DeliveryOptions = {},
): Promise<DeliveryResult> {
  const post = options.post ?? nodeHttpPost;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const random = options.random ?? Math.random;
  const { url, body } = request;
  const text = JSON.stringify(body);
  const headers = {
    'content-type': 'application/json',
    'idempotency-key': idempotencyKey,
    'user-agent': `ballast/${BALLAST_VERSION}`,
  };
  let last: DeliveryResult = { ok: false, attempts: 0 };
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attempt > 1) await sleep(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 2)));
    let retry: boolean;
    try {
      // Resolved and checked on every attempt: the guard holds for whatever the name points to now.
      const target = await checkTarget(url, receiver.allowPrivate, options.resolve ?? resolveWithDns);
      const { status } = await post({ target, body: text, headers, timeoutMs: options.timeoutMs ?? 5000 });
      if (status >= 200 && status < 300) return { ok: true, attempts: attempt, status };
      const why = status >= 300 && status < 400 ? 'redirects are not followed' : 'the receiver refused the notification';
      last = { ok: false, attempts: attempt, status, error: `HTTP ${status}: ${why}` };
      retry = retryableStatus(status);
    } catch (error) {
      last = { ok: false, attempts: attempt, error: error instanceof Error ? error.message : String(error) };
      retry = !(error instanceof UnsafeTargetError);
    }
    if (!retry) return last;
  }
  return last;
}
