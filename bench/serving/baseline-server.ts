/**
 * The baseline of the serving benchmark: the least a server can do to answer the same request.
 * A bare `node:http` server that loads the model with the same runtime Ballast uses, in the main
 * thread (no workers), parses the same JSON body, builds the batch with the same instance reader,
 * predicts and answers `{"predictions": [...]}`. No auth, no validation schema, no log, no
 * batching, no metrics: whatever Ballast does on top of this is what the benchmark prices.
 *
 *   npx tsx bench/serving/baseline-server.ts --model FILE [--port 0]
 *
 * Answers any POST (so the same URL works against both servers); prints `listening on URL`.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BallastError } from '../../src/core/errors.ts';
import { detectModelFormat } from '../../src/core/detect-model-format.ts';
import { toPredictionRecords } from '../../src/runtime/prediction-records.ts';
import { compileInstanceReader } from '../../src/runtime/read-instances.ts';
import { RUNTIMES } from '../../src/runtime/runtimes.ts';

const { values } = parseArgs({ options: { model: { type: 'string' }, port: { type: 'string', default: '0' } } });
if (values.model === undefined) throw new Error('usage: baseline-server.ts --model FILE [--port 0]');

const bytes = new Uint8Array(readFileSync(values.model));
const format = detectModelFormat(bytes.subarray(0, 4096), path.basename(values.model));
const model = await RUNTIMES[format].load(bytes);
const readInstances = compileInstanceReader(model.signature.inputs);

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'POST') return send(response, 405, { error: 'POST a JSON body' });
  try {
    const body = JSON.parse(await readBody(request)) as { instances?: unknown };
    if (!Array.isArray(body.instances)) return send(response, 400, { error: 'instances must be an array' });
    const output = await model.predict(readInstances(body.instances));
    send(response, 200, { predictions: toPredictionRecords(output) });
  } catch (error) {
    // A bad request must not stop the benchmark's server; its message helps find what was sent.
    send(response, error instanceof SyntaxError || error instanceof BallastError ? 400 : 500, { error: (error as Error).message });
  }
}

const server = createServer((request, response) => void answer(request, response));
// autocannon keeps its connections open for the whole run; do not let idle ones time out between runs.
server.keepAliveTimeout = 60_000;
server.listen(Number(values.port), '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  console.log(`listening on http://127.0.0.1:${address.port}`);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close();
    server.closeAllConnections();
    void model.close().finally(() => process.exit(0));
  });
}
