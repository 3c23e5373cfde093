import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorCode } from '../core/errors.ts';
import { problem } from './problem.ts';

/** How long a client may take to send a whole request (headers and body) unless configured. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/**
 * How often Node looks for requests past their timeout: a timeout fires between `timeout` and
 * `timeout + interval` after the request began. Node's default, 30 s, would double a 30 s timeout.
 */
export function timeoutCheckIntervalMs(requestTimeoutMs: number): number {
  return Math.max(50, Math.min(1000, Math.floor(requestTimeoutMs / 4)));
}

/**
 * Answers the errors Node's HTTP parser raises before a route sees the request — a request not
 * received in full within the request timeout (a body announced by Content-Length and never sent
 * held a connection for minutes), a header block too large, bytes that are not HTTP — with a
 * problem document like every other error: Fastify's default writes a bare JSON object without a
 * code. The connection cannot be trusted after such an error, so it is closed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // A reset connection has nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, detail] = describeClientError(error.code);
  const document = problem(code, detail);
  const body = JSON.stringify(document);
  const status = document.status;
  // Not in the middle of a response already on its way (a pipelined request's): that would garble it.
  const response = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !response?.headersSent) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

function describeClientError(nodeCode: string | undefined): [ErrorCode, string] {
  switch (nodeCode) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return ['request_timeout', 'the request was not received in full within the request timeout'];
    case 'HPE_HEADER_OVERFLOW':
      return ['headers_too_large', 'the request headers are larger than the server accepts'];
    default:
      return ['malformed_request', 'the request is not valid HTTP'];
  }
}
