import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ModelSignature } from '../../core/signature.ts';
import { BatchShapeError, type FeatureBatch, type LoadedModel, type PredictionOutput } from '../model-runtime.ts';
import { DynamicBatcher, type BatchEvent } from './dynamic-batcher.ts';

interface Call {
  readonly batch: FeatureBatch;
  readonly release: () => void;
}

/**
 * A model that records every batch it is given and answers only when the test releases it, so
 * a test decides when slots are busy. Its answer is row-wise: value = 10 × x + length of the
 * text; a row whose x is NaN is bad and fails the whole batch it is in, naming its row.
 */
class HeldModel implements LoadedModel {
  readonly format = 'xgboost' as const;
  readonly signature: ModelSignature = {
    inputs: [
      { name: 'x', type: 'number' },
      { name: 'text', type: 'string' },
    ],
    output: { kind: 'regression' },
  };
  readonly calls: Call[] = [];
  /** When false, calls answer on their own (after a microtask) instead of waiting to be released. */
  holding = true;
  private readonly held: Call[] = [];

  predict(batch: FeatureBatch): Promise<PredictionOutput> {
    return new Promise((resolve, reject) => {
      const answer = () => {
        try {
          resolve(rowWise(batch));
        } catch (error) {
          reject(error);
        }
      };
      const call = { batch, release: answer };
      this.calls.push(call);
      if (this.holding) this.held.push(call);
      else queueMicrotask(answer);
    });
  }

  /** Answers the oldest held call, or the one at `index` among those still held. */
  release(index = 0): void {
    const [call] = this.held.splice(index, 1);
    if (call === undefined) throw new Error('no call is held');
    call.release();
  }

  get heldCount(): number {
    return this.held.length;
  }

  async close(): Promise<void> {}
}

function rowWise(batch: FeatureBatch): PredictionOutput {
  const [x, text] = batch.columns as [Float64Array, ReadonlyArray<string | null>];
  const values = new Float64Array(batch.rowCount);
  for (let row = 0; row < batch.rowCount; row++) {
    if (Number.isNaN(x[row])) throw new BatchShapeError(`x is missing in row ${row + 1}`);
    values[row] = 10 * x[row]! + (text[row]?.length ?? 0);
  }
  return { kind: 'regression', values };
}

/** A request of `rows` rows whose x values start at `first`. */
function request(first: number, rows = 1, text = 'ab'): FeatureBatch {
  return { rowCount: rows, columns: [Float64Array.from({ length: rows }, (_, i) => first + i), Array.from({ length: rows }, () => text)] };
}

/** Lets queued microtasks and promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const rowCounts = (model: HeldModel) => model.calls.map((call) => call.batch.rowCount);

afterEach(() => {
  vi.useRealTimers();
});

describe('DynamicBatcher', () => {
  it('sends a request that finds a free slot at once, alone, with no added wait', async () => {
    const model = new HeldModel();
    const events: BatchEvent[] = [];
    const batcher = new DynamicBatcher(model, { maxInFlight: 1, maxDelayMs: Infinity, onBatch: (event) => events.push(event) });
    const answer = batcher.predict(request(1, 3));
    await settle();
    expect(rowCounts(model)).toEqual([3]);
    expect(events).toEqual([expect.objectContaining({ rows: 3, requests: 1, queueDepth: 0, inFlight: 1, trigger: 'free-slot' })]);
    model.release();
    expect(await answer).toEqual(rowWise(request(1, 3)));
  });

  it('merges requests that queue while every slot is busy into one batch, and gives each its own rows in order', async () => {
    const model = new HeldModel();
    const events: BatchEvent[] = [];
    const batcher = new DynamicBatcher(model, { maxInFlight: 1, maxDelayMs: Infinity, onBatch: (event) => events.push(event) });
    const first = batcher.predict(request(0));
    await settle();
    const queued = [request(1, 2, 'x'), request(3, 1, ''), request(4, 3, 'long text')];
    const answers = queued.map((batch) => batcher.predict(batch));
    await settle();
    expect(rowCounts(model)).toEqual([1]);
    expect(batcher.queueDepth).toBe(3);
    model.release();
    await settle();
    expect(rowCounts(model)).toEqual([1, 6]);
    expect(Array.from(model.calls[1]!.batch.columns[0] as Float64Array)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events[1]).toMatchObject({ rows: 6, requests: 3, queueDepth: 0, trigger: 'free-slot' });
    model.release();
    expect(await first).toEqual(rowWise(request(0)));
    expect(await Promise.all(answers)).toEqual(queued.map(rowWise));
    expect(queued[0]!.columns[0]).toEqual(Float64Array.of(1, 2)); // the caller's batch is left as it was
  });

  it('keeps maxInFlight batches at the model before queueing', async () => {
    const model = new HeldModel();
    const batcher = new DynamicBatcher(model, { maxInFlight: 2, maxDelayMs: Infinity });
    void batcher.predict(request(0));
    await settle();
    void batcher.predict(request(1));
    await settle();
    void batcher.predict(request(2));
    void batcher.predict(request(3));
    await settle();
    expect(rowCounts(model)).toEqual([1, 1]);
    expect(batcher.inFlight).toBe(2);
    model.release(1);
    await settle();
    expect(rowCounts(model)).toEqual([1, 1, 2]);
  });

  it('merges requests that arrive in the same tick even when a slot is free', async () => {
    const model = new HeldModel();
    const batcher = new DynamicBatcher(model, { maxInFlight: 1 });
    void batcher.predict(request(0));
    void batcher.predict(request(1));
    await settle();
    expect(rowCounts(model)).toEqual([2]);
  });

  it('spreads what is queued evenly over the free slots', async () => {
    const model = new HeldModel();
    const batcher = new DynamicBatcher(model, { maxInFlight: 2, maxDelayMs: Infinity });
    for (let i = 0; i < 5; i++) void batcher.predict(request(i));
    await settle();
    expect(rowCounts(model)).toEqual([3, 2]);
  });

  it('caps merged batches at maxBatchSize, sends a batch that can grow no more without waiting for a slot, and runs a larger request alone', async () => {
    const model = new HeldModel();
    const events: BatchEvent[] = [];
    const batcher = new DynamicBatcher(model, {
      maxInFlight: 1,
      maxBatchSize: 4,
      maxDelayMs: Infinity,
      onBatch: (event) => events.push(event),
    });
    void batcher.predict(request(0));
    await settle();
    void batcher.predict(request(1, 2));
    void batcher.predict(request(3, 1));
    await settle();
    expect(rowCounts(model)).toEqual([1]); // 3 rows could still grow to 4
    void batcher.predict(request(4, 1));
    await settle();
    expect(rowCounts(model)).toEqual([1, 4]);
    void batcher.predict(request(5, 3));
    void batcher.predict(request(8, 9));
    void batcher.predict(request(17, 1));
    await settle();
    // 3 rows cannot take the next 9, so they leave; the 9 rows go alone; the last row waits for a slot.
    expect(rowCounts(model)).toEqual([1, 4, 3, 9]);
    expect(events.map((event) => event.trigger)).toEqual(['free-slot', 'full', 'full', 'full']);
    expect(batcher.queueDepth).toBe(1);
  });

  it('does not merge requests whose columns differ, or a request whose columns do not match its row count', async () => {
    const model = new HeldModel();
    const batcher = new DynamicBatcher(model, { maxInFlight: 1, maxDelayMs: Infinity });
    void batcher.predict(request(0));
    await settle();
    const odd: FeatureBatch = { rowCount: 1, columns: [Float64Array.of(1)] };
    const inconsistent: FeatureBatch = { rowCount: 2, columns: [Float64Array.of(1), ['a']] };
    const answers = [request(1), odd, request(2), inconsistent, request(3)].map((batch) =>
      batcher.predict(batch).catch((error: unknown) => error),
    );
    await settle();
    model.holding = false;
    while (model.heldCount > 0) {
      model.release();
      await settle();
    }
    await Promise.all(answers);
    // Every request after the first went alone: each next one could not join the one before it.
    expect(rowCounts(model)).toEqual([1, 1, 1, 1, 2, 1]);
  });

  it('fails only the bad request of a merged batch, re-running the others alone', async () => {
    const model = new HeldModel();
    const splits: number[] = [];
    const batcher = new DynamicBatcher(model, { maxInFlight: 1, maxDelayMs: Infinity, onSplit: ({ requests }) => splits.push(requests) });
    void batcher.predict(request(0));
    await settle();
    const batches = [request(1), request(2, 2), request(Number.NaN), request(3)];
    const answers = batches.map((batch) =>
      batcher.predict(batch).then(
        (output) => ({ output }),
        (error: unknown) => ({ error }),
      ),
    );
    await settle();
    model.holding = false;
    model.release();
    const results = await Promise.all(answers);
    expect(rowCounts(model)).toEqual([1, 5, 1, 2, 1, 1]);
    expect(splits).toEqual([4]);
    expect(results[0]).toEqual({ output: rowWise(batches[0]!) });
    expect(results[1]).toEqual({ output: rowWise(batches[1]!) });
    expect(results[3]).toEqual({ output: rowWise(batches[3]!) });
    const { error } = results[2] as { error: Error };
    expect(error).toBeInstanceOf(BatchShapeError);
    expect(error.message).toBe('x is missing in row 1'); // its own row, as if it had been sent alone
  });

  it('sends a queued request once it has waited maxDelayMs, even though no slot is free', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const model = new HeldModel();
    const events: BatchEvent[] = [];
    const batcher = new DynamicBatcher(model, { maxInFlight: 1, maxDelayMs: 5, onBatch: (event) => events.push(event) });
    void batcher.predict(request(0));
    await settle();
    void batcher.predict(request(1));
    await settle();
    await vi.advanceTimersByTimeAsync(2);
    void batcher.predict(request(2));
    await vi.advanceTimersByTimeAsync(2);
    expect(rowCounts(model)).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(rowCounts(model)).toEqual([1, 2]);
    expect(events[1]).toMatchObject({ requests: 2, trigger: 'deadline', waitMs: 5, inFlight: 2 });
  });

  it('close() sends what is queued at once, waits for every answer and refuses new requests', async () => {
    const model = new HeldModel();
    const events: BatchEvent[] = [];
    const batcher = new DynamicBatcher(model, { maxInFlight: 1, maxDelayMs: Infinity, onBatch: (event) => events.push(event) });
    const answers = [batcher.predict(request(0))];
    await settle();
    answers.push(batcher.predict(request(1)), batcher.predict(request(2)));
    await settle();
    let closed = false;
    const closing = batcher.close().then(() => (closed = true));
    await settle();
    expect(rowCounts(model)).toEqual([1, 2]);
    expect(events.at(-1)?.trigger).toBe('close');
    await expect(batcher.predict(request(3))).rejects.toThrow(/unloaded/);
    model.release();
    await settle();
    expect(closed).toBe(false);
    model.release();
    await closing;
    expect(await Promise.all(answers)).toEqual([0, 1, 2].map((x) => rowWise(request(x))));
  });

  it('keeps as many batches in flight as a worker model has threads, unless told otherwise', () => {
    const threaded = Object.assign(new HeldModel(), { threads: 3 });
    expect(new DynamicBatcher(threaded).maxInFlight).toBe(3);
    expect(new DynamicBatcher(threaded, { maxInFlight: 1 }).maxInFlight).toBe(1);
    expect(new DynamicBatcher(new HeldModel()).maxInFlight).toBe(1);
  });

  it('refuses options that cannot work', () => {
    expect(() => new DynamicBatcher(new HeldModel(), { maxBatchSize: 0 })).toThrow(/maxBatchSize/);
    expect(() => new DynamicBatcher(new HeldModel(), { maxDelayMs: -1 })).toThrow(/maxDelayMs/);
    expect(() => new DynamicBatcher(new HeldModel(), { maxDelayMs: Number.NaN })).toThrow(/maxDelayMs/);
    expect(() => new DynamicBatcher(new HeldModel(), { maxInFlight: 1.5 })).toThrow(/maxInFlight/);
  });

  it('gives every caller its own answer whatever the sizes, limits and order in which the model answers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
        async (sizes, maxBatchSize, maxInFlight, picks) => {
          const model = new HeldModel();
          const batcher = new DynamicBatcher(model, { maxBatchSize, maxInFlight, maxDelayMs: Infinity });
          const batches = sizes.map((rows, i) => request(i * 10, rows, 'z'.repeat(i % 3)));
          const answers = batches.map((batch) => batcher.predict(batch));
          await settle();
          for (let step = 0; model.heldCount > 0; step++) {
            model.release(picks[step % picks.length]! % model.heldCount);
            await settle();
          }
          expect(batcher.queueDepth).toBe(0);
          expect(batcher.inFlight).toBe(0);
          expect(await Promise.all(answers)).toEqual(batches.map(rowWise));
          const requestsPerCall = model.calls.map((call) => call.batch.rowCount);
          expect(requestsPerCall.reduce((a, b) => a + b, 0)).toBe(sizes.reduce((a, b) => a + b, 0));
          for (const rows of requestsPerCall) expect(rows <= maxBatchSize || sizes.includes(rows)).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  });
});
