import net from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { answerClientError } from './client-errors.ts';
import { testServer } from './testing/test-server.ts';

const factory = sqliteFactory();
let server: Awaited<ReturnType<typeof testServer>>;
let port: number;

beforeAll(async () => {
  server = await testServer(factory);
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  port = (server.app.server.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await server.close();
  await factory.cleanup();
});

/** Sends raw bytes and reads until the server closes the connection. */
function exchange(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('utf8')));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

function problemOf(response: string): { status: number; code: string } {
  expect(response).toMatch(/content-type: application\/problem\+json/i);
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as { status: number; code: string };
}

describe("errors Node's HTTP parser raises before there is a request", () => {
  it('answers bytes that are not HTTP with 400 malformed_request', async () => {
    const response = await exchange('HELLO THERE\r\n\r\n');
    expect(response).toMatch(/^HTTP\/1\.1 400/);
    expect(problemOf(response)).toMatchObject({ status: 400, code: 'malformed_request' });
  });

  it('answers a header block over the limit with 431 headers_too_large', async () => {
    const response = await exchange(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(response).toMatch(/^HTTP\/1\.1 431/);
    expect(problemOf(response)).toMatchObject({ status: 431, code: 'headers_too_large' });
  });

  it('answers a request that timed out with 408 request_timeout and closes the connection', () => {
    // Node raises this after its requestTimeout; waiting minutes for it here would prove nothing more.
    const socket = new PassThrough();
    let written = '';
    socket.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
    socket.on('error', () => undefined); // destroy(error) hands the parser's error to the socket, as Node does
    answerClientError(Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket);
    expect(written).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(problemOf(written)).toMatchObject({ status: 408, code: 'request_timeout' });
    expect(socket.destroyed).toBe(true);
  });
});
