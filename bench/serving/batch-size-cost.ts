/**
 * What one row costs a model in this process at each batch size (no HTTP, no threads): the most
 * that batching can win on it, and the batch size beyond which it wins nothing more.
 *
 *   npx tsx bench/serving/batch-size-cost.ts --model bench/fixtures/heavy-mlp.onnx [--sizes 1,2,4,8,16,32,64,128]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { detectModelFormat } from '../../src/core/detect-model-format.ts';
import { compileInstanceReader } from '../../src/runtime/read-instances.ts';
import { RUNTIMES } from '../../src/runtime/runtimes.ts';
import { creditInstances } from './credit-requests.ts';

const { values } = parseArgs({ options: { model: { type: 'string' }, sizes: { type: 'string', default: '1,2,4,8,16,32,64,128' } } });
if (values.model === undefined) throw new Error('usage: batch-size-cost.ts --model FILE [--sizes 1,2,4,...]');
const sizes = values.sizes.split(',').map(Number);
const bytes = new Uint8Array(readFileSync(values.model));
const model = await RUNTIMES[detectModelFormat(bytes.subarray(0, 4096), path.basename(values.model))].load(bytes);
try {
  const instances = await creditInstances(model.signature.inputs, Math.max(...sizes));
  const read = compileInstanceReader(model.signature.inputs);
  console.log('rows  µs per row (median of the calls)');
  for (const size of sizes) {
    const batch = read(instances.slice(0, size));
    for (let i = 0; i < 20; i++) await model.predict(batch);
    const times: number[] = [];
    // About 400 rows per size, at least 20 calls: the median of many calls rides out a noisy machine.
    for (let i = 0; i < Math.max(20, 400 / size); i++) {
      const started = performance.now();
      await model.predict(batch);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    console.log(`${String(size).padStart(4)}  ${((times[times.length >> 1]! * 1000) / size).toFixed(0)}`);
  }
} finally {
  await model.close();
}
