import { readFileSync } from 'node:fs';

/** The parts of a V8 .cpuprofile (as written by `node --cpu-prof`) read here. */
interface CallFrame {
  readonly functionName: string;
  readonly url: string;
}
interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: CallFrame; readonly children?: readonly number[] }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/**
 * Where a server's main thread spends its time, by part of the serving path. Each sample goes to
 * the first rule that matches a frame, walking from the sampled function out to its callers, so
 * e.g. `writev` under a Fastify reply counts as HTTP and a JSON.stringify in the log writer as log.
 */
const RULES: readonly (readonly [string, (frame: CallFrame) => boolean])[] = [
  ['idle', (f) => f.functionName === '(idle)'],
  ['garbage collection', (f) => f.functionName === '(garbage collector)'],
  [
    'module loading (startup)',
    (f) =>
      /internal\/modules|bootstrap/.test(f.url) || ['wrapSafe', 'compileSourceTextModule', 'internalModuleStat'].includes(f.functionName),
  ],
  [
    'prediction log (group commit, Kysely, SQLite; or posting to the log thread)',
    (f) => /prediction-log-writer|prediction-repository|kysely|better-sqlite3|store\/store\.js|sqlite-log-thread/.test(f.url),
  ],
  ['metrics (prom-client)', (f) => /prom-client|server\/metrics/.test(f.url)],
  ['prediction ids (ulid)', (f) => /\/ulid\//.test(f.url) || f.functionName === 'randomFillSync'],
  ['auth (token hash, cache)', (f) => /server\/auth\.js/.test(f.url)],
  ['JSON body parse (secure-json-parse)', (f) => /secure-json-parse/.test(f.url)],
  ['request schema validation (ajv)', (f) => /\/ajv\/|fastify\/lib\/validation/.test(f.url)],
  ['response serialization', (f) => /fast-json-stringify|fastify\/lib\/(reply|error)-serializer/.test(f.url)],
  ['instance reader, prediction records', (f) => /read-instances|prediction-records|serving-host|routes\/predict/.test(f.url)],
  ['model on the main thread', (f) => /runtime\/(xgboost|lightgbm|onnx)\//.test(f.url)],
  [
    'batcher, worker messages',
    (f) =>
      /dynamic-batcher|batch-merge|worker-model|model-worker|worker-messages|main-thread-model|internal\/worker|messageport/.test(f.url),
  ],
  [
    'HTTP and sockets (node core)',
    (f) => /node:_http|node:net|streams|stream_base/.test(f.url) || ['writev', 'writeUtf8String', 'writeBuffer'].includes(f.functionName),
  ],
  ['Fastify (routing, hooks, reply)', (f) => /fastify|find-my-way|avvio/.test(f.url)],
];

/** Native frames with no file of their own: they count only when no frame further out says whose work they are. */
const FALLBACK_RULES: readonly (readonly [string, (frame: CallFrame) => boolean])[] = [
  ['batcher, worker messages', (f) => f.functionName === 'postMessage'],
];

export interface ProfileShare {
  readonly part: string;
  readonly seconds: number;
}

/** Seconds per part of the serving path in one profile, largest first; idle and startup are reported, not hidden. */
export function summarizeCpuProfile(file: string): ProfileShare[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const partOf = new Map<number, string>();
  const classify = (id: number): string => {
    const known = partOf.get(id);
    if (known !== undefined) return known;
    let part: string | undefined;
    let fallback: string | undefined;
    for (let at: number | undefined = id; at !== undefined && part === undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      part = RULES.find(([, test]) => test(frame))?.[0];
      fallback ??= FALLBACK_RULES.find(([, test]) => test(frame))?.[0];
    }
    part ??= fallback ?? 'other';
    partOf.set(id, part);
    return part;
  };
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const part = classify(id);
    totals.set(part, (totals.get(part) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1e6);
  });
  return [...totals].map(([part, seconds]) => ({ part, seconds })).sort((a, b) => b.seconds - a.seconds);
}
