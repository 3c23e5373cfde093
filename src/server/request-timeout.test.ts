import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { testServer } from './testing/test-server.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

/** Sends `head` (and nothing more) on a raw connection; resolves with all the server wrote and when it closed. */
function rawRequest(port: number, head: string): Promise<{ text: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve({ text, closedAfterMs: Date.now() - started }));
  });
}

describe('the request timeout', () => {
  it('answers 408 request_timeout and closes the connection when an authenticated body never arrives in full', async () => {
    const server = await testServer(factory, { requestTimeoutMs: 300 });
    try {
      await server.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = server.app.server.address() as { port: number };
      const head = `POST /v1/deployments/credit/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${server.tokens.viewer}\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{`;
      const { text, closedAfterMs } = await rawRequest(port, head);
      expect(closedAfterMs).toBeLessThan(5000);
      const [status, body] = [text.split('\r\n')[0], text.slice(text.indexOf('\r\n\r\n') + 4)];
      expect(status).toBe('HTTP/1.1 408 Request Timeout');
      expect(text).toContain('Content-Type: application/problem+json');
      expect(JSON.parse(body)).toMatchObject({ status: 408, code: 'request_timeout' });

      // A request sent whole is answered as before.
      const whole = await rawRequest(port, `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      expect(whole.text.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    } finally {
      await server.close();
    }
  }, 15_000);

  it('answers malformed HTTP with a problem document too', async () => {
    const server = await testServer(factory);
    try {
      await server.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = server.app.server.address() as { port: number };
      const { text } = await rawRequest(port, 'NOT HTTP AT ALL\r\n\r\n');
      expect(text.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
      expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400, code: 'malformed_request' });
    } finally {
      await server.close();
    }
  }, 15_000);
});
