import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
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
 * Answers what Node's HTTP parser refuses before any route sees the request — a request not
 * received in full within the request timeout (a body announced by Content-Length and never sent
 * held a connection for minutes), headers too large, malformed HTTP — with a problem document like
 * every other error, then closes the connection.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, status, detail]: [ErrorCode, number, string] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? ['request_timeout', 408, 'the request was not received in full within the request timeout']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? ['invalid_request', 431, 'the request headers are larger than the server accepts']
        : ['invalid_request', 400, 'the request is not well-formed HTTP'];
  const body = JSON.stringify({ ...problem(code, detail), status });
  // Not in the middle of a response already on its way (a pipelined request's): that would garble it.
  const response = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !response?.headersSent) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}
