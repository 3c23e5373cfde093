import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFactory } from '../store/testing/test-stores.ts';
import { testServer } from './testing/test-server.ts';

const factory = sqliteFactory();
afterAll(() => factory.cleanup());

/** Reads from a socket until `count` complete HTTP responses (each with a Content-Length) arrived. */
function readResponses(socket: net.Socket, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const responses: string[] = [];
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length: (\d+)/i.exec(buffer.slice(0, end))?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        responses.push(buffer.slice(0, end + 4 + length));
        buffer = buffer.slice(end + 4 + length);
        if (responses.length === count) resolve(responses);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(responses));
  });
}

describe('a server that is shutting down', () => {
  it('answers requests that arrive during the drain with a 503 problem document, and the one in flight with its result', async () => {
    const server = await testServer(factory);
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    server.app.get('/slow', { config: { access: 'public' } }, async () => {
      entered();
      await released;
      return { done: true };
    });
    await server.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = server.app.server.address() as net.AddressInfo;
    const socket = net.connect(port, '127.0.0.1');
    const answers = readResponses(socket, 2);
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    await inHandler;
    const closed = server.app.close();
    // The next request on the same busy keep-alive connection arrives after close() began.
    socket.write(`GET /v1/models HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.tokens.viewer}\r\n\r\n`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    const [first, second] = await answers;
    expect(first).toMatch(/^HTTP\/1\.1 200/);
    expect(second).toMatch(/^HTTP\/1\.1 503/);
    expect(second).toMatch(/content-type: application\/problem\+json/i);
    expect(second).toMatch(/connection: close/i);
    expect(JSON.parse(second!.slice(second!.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 503, code: 'unavailable' });
    socket.destroy();
    await closed;
    await server.close().catch(() => undefined);
  });
});
