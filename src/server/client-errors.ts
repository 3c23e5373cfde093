import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorCode } from '../core/errors.ts';
import { problem } from './problem.ts';

/**
 * Answers the errors Node's HTTP parser raises before a request exists (a header block too large,
 * a request that does not arrive in time, bytes that are not HTTP) with a problem document, as
 * every other error: Fastify's default writes a bare JSON object without a code. The connection
 * cannot be trusted after such an error, so it is closed.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // A reset connection has nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, detail] = describeClientError(error.code);
  const document = problem(code, detail);
  const body = JSON.stringify(document);
  const status = document.status;
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

function describeClientError(nodeCode: string | undefined): [ErrorCode, string] {
  switch (nodeCode) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return ['request_timeout', 'the request did not arrive in time'];
    case 'HPE_HEADER_OVERFLOW':
      return ['headers_too_large', 'the request headers are larger than the server accepts'];
    default:
      return ['malformed_request', 'the request is not valid HTTP'];
  }
}
