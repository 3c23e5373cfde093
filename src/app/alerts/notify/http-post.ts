import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { SafeTarget } from './safe-target.ts';

export interface PostRequest {
  readonly target: SafeTarget;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

/** The status the receiver answered (any status, 3xx included: redirects are never followed). */
export type HttpPost = (request: PostRequest) => Promise<{ readonly status: number }>;

/**
 * POSTs to the address the guard checked: the connection's DNS lookup is replaced by that address,
 * so a name cannot resolve to a public address for the check and a private one for the request.
 * TLS still verifies the certificate against the URL's host name.
 */
export const nodeHttpPost: HttpPost = ({ target, body, headers, timeoutMs }) =>
  new Promise((resolve, reject) => {
    const pinned: LookupFunction = (_host, options, callback) => {
      if ((options as { all?: boolean }).all)
        (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [
          { address: target.address, family: target.family },
        ]);
      else callback(null, target.address, target.family);
    };
    const request = (target.url.protocol === 'https:' ? https : http).request(target.url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup: pinned,
      timeout: timeoutMs,
    });
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.on('response', (response) => {
      // Read and drop the body so the socket is released; only the status matters.
      response.resume();
      response.on('end', () => clearTimeout(timer));
      response.on('error', () => clearTimeout(timer));
      resolve({ status: response.statusCode ?? 0 });
    });
    request.end(body);
  });
