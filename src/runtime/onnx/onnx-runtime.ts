import { InferenceSession } from 'onnxruntime-node';
import type { ModelSignature } from '../../core/signature.ts';
import {
  ModelLoadError,
  type FeatureBatch,
  type LoadedModel,
  type LoadOptions,
  type ModelRuntime,
  type PredictionOutput,
} from '../model-runtime.ts';
import { refuseExternalData } from './onnx-external-data.ts';
import { buildFeeds } from './onnx-feeds.ts';
import { readOnnxModel, type OnnxModelProto } from './onnx-proto.ts';
import { readPrediction } from './onnx-results.ts';
import { fetchedOutputs } from './onnx-output-plan.ts';
import { decideScores } from './onnx-score-probe.ts';
import { planOnnxModel, type OnnxPlan } from './onnx-signature.ts';

/**
 * One intra-op and one inter-op thread per session: Ballast gets its parallelism from the worker
 * pool (one session per worker) and the dynamic batcher, so ONNX Runtime's own pools would only
 * oversubscribe the cores, and for the small tree and linear graphs served here a batch of rows
 * finishes before a thread pool pays for itself (on the fixtures, 2 cores: one thread was as fast
 * at 1 and 1 000 rows and about twice as fast at 20 000 rows as ONNX Runtime's default pool).
 */
const SESSION_OPTIONS: InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  // Errors reach the caller as a ModelLoadError; ONNX Runtime's own stderr log would repeat them.
  logSeverityLevel: 4,
};

export const onnxRuntime: ModelRuntime = {
  format: 'onnx',
  async load(bytes: Uint8Array, options?: LoadOptions): Promise<LoadedModel> {
    // Reading the protobuf first turns a truncated or ZipMap model into a clear error before any native code runs.
    const proto = readOnnxModel(bytes);
    // Before any native code: ONNX Runtime would resolve an external file against the working
    // directory (the bytes have no path), reading files beside the server as weights.
    refuseExternalData(bytes);
    const planned = planOnnxModel(proto, options);
    const session = await createSession(bytes, proto);
    try {
      checkSessionAgrees(session, planned);
      return new OnnxModel(session, await decideScores(session, planned));
    } catch (error) {
      await session.release();
      throw error;
    }
  },
};

class OnnxModel implements LoadedModel {
  readonly format = 'onnx' as const;
  readonly signature: ModelSignature;
  private session: InferenceSession | undefined;
  private readonly fetches: string[];

  constructor(
    session: InferenceSession,
    private readonly plan: OnnxPlan,
  ) {
    this.session = session;
    this.signature = plan.signature;
    this.fetches = fetchedOutputs(plan.read);
  }

  async predict(batch: FeatureBatch): Promise<PredictionOutput> {
    const session = this.session;
    if (session === undefined) throw new Error('the ONNX model was closed; load it again to predict');
    const feeds = buildFeeds(this.plan.feed, this.signature.inputs, batch);
    if (batch.rowCount === 0) return emptyPrediction(this.plan);
    const results = await session.run(feeds, this.fetches);
    return readPrediction(this.plan.read, results, batch.rowCount);
  }

  async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.release();
  }
}

async function createSession(bytes: Uint8Array, proto: OnnxModelProto): Promise<InferenceSession> {
  try {
    return await InferenceSession.create(bytes, SESSION_OPTIONS);
  } catch (error) {
    const reason = firstLine(error instanceof Error ? error.message : String(error));
    const opsets = proto.opsets.map((opset) => `${opset.domain || 'ai.onnx'} ${opset.version}`).join(', ');
    throw new ModelLoadError(`ONNX Runtime cannot load the model (IR version ${proto.irVersion}, opsets ${opsets || 'none'}): ${reason}`);
  }
}

/** The protobuf reader and ONNX Runtime must see the same graph; a mismatch means a reader bug, not a user error. */
function checkSessionAgrees(session: InferenceSession, plan: OnnxPlan): void {
  const inputs = plan.feed.kind === 'matrix' ? [plan.feed.inputName] : plan.feed.columns.map((column) => column.inputName);
  const outputs = fetchedOutputs(plan.read);
  const missing = [
    ...inputs.filter((name) => !session.inputNames.includes(name)).map((name) => `input "${name}"`),
    ...outputs.filter((name) => !session.outputNames.includes(name)).map((name) => `output "${name}"`),
  ];
  const unfed = session.inputNames.filter((name) => !inputs.includes(name));
  if (missing.length > 0 || unfed.length > 0) {
    const detail = [...missing.map((what) => `ONNX Runtime has no ${what}`), ...unfed.map((name) => `input "${name}" would not be fed`)];
    throw new ModelLoadError(`the ONNX model's graph is read differently by ONNX Runtime: ${detail.join('; ')}`);
  }
}

function emptyPrediction(plan: OnnxPlan): PredictionOutput {
  if (plan.read.kind === 'regression') return { kind: 'regression', values: new Float64Array(0) };
  const { classes } = plan.read;
  return {
    kind: classes.length === 2 ? 'binary' : 'multiclass',
    classes,
    probabilities: new Float64Array(0),
    labelIndex: new Int32Array(0),
  };
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]!.trim();
}
