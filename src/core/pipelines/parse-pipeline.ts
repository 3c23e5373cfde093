import { IssueCollector, type IssuePath } from '../issues.ts';
import { documentFormatOf, readDocumentText } from '../read-document-text.ts';
import type { PipelineDefinition, PipelineStep, RegisterStep } from './pipeline-definition.ts';
import { outputProducers, topologicalOrder } from './pipeline-graph.ts';
import { normalizePipelinePath } from './pipeline-paths.ts';

const PIPELINE_FORMAT = 'ballast.pipeline/v1';

/** What the parser may ask of the pipeline's directory (paths relative to it); passed in, so this stays pure. */
export interface PipelineFiles {
  /** Whether the path names an existing regular file. */
  isFile(relativePath: string): boolean;
  /** The file's text, or undefined when it cannot be read. */
  readText(relativePath: string): string | undefined;
}

export interface ParsedPipeline {
  readonly definition: PipelineDefinition;
  /** The parameters file's whole document (empty without one); `paramValue` reads a step's keys from it. */
  readonly paramsDocument: Readonly<Record<string, unknown>>;
}

const TOP_KEYS = new Set(['format', 'params', 'steps']);
const STEP_KEYS = new Set(['name', 'cmd', 'deps', 'params', 'outs', 'register']);
const REGISTER_KEYS = new Set(['model', 'file', 'training_data', 'label', 'alias']);
const STEP_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * Reads a `ballast.pipeline/v1` file (docs/pipelines.md) and checks it whole: its shape, step names,
 * paths, that no output is declared by two steps, that the steps have no cycle, that every
 * dependency is a file of the directory or another step's output, that every parameter named is in
 * the parameters file, and that a `register` step registers one of its own outputs. Every problem is
 * reported with its path in one `invalid_pipeline` error; `source` names the file in the message.
 */
export function parsePipeline(text: string, format: 'json' | 'yaml', source: string, files: PipelineFiles): ParsedPipeline {
  const issues = new IssueCollector();
  const document = readDocumentText(text, format, issues);
  const parsed = document === undefined ? undefined : checkPipeline(document, files, issues);
  issues.throwIfAny('invalid_pipeline', `${source} is not a valid pipeline`);
  return parsed!;
}

function checkPipeline(document: unknown, files: PipelineFiles, issues: IssueCollector): ParsedPipeline | undefined {
  if (!isRecord(document)) {
    issues.report('invalid_type', [], 'must be a mapping with format and steps');
    return undefined;
  }
  unknownKeys(document, TOP_KEYS, [], issues);
  if (document.format !== PIPELINE_FORMAT)
    issues.report(document.format === undefined ? 'missing' : 'invalid_value', ['format'], `must be ${PIPELINE_FORMAT}`);
  const paramsFile = document.params === undefined ? undefined : pathValue(document.params, ['params'], issues);
  const paramsDocument = paramsFile === undefined ? {} : readParams(paramsFile, files, issues);

  if (!Array.isArray(document.steps) || document.steps.length === 0) {
    issues.report(document.steps === undefined ? 'missing' : 'invalid_type', ['steps'], 'must be a list of at least one step');
    return undefined;
  }
  const steps = document.steps.map((raw, index) => checkStep(raw, ['steps', index], paramsDocument, paramsFile !== undefined, issues));
  // The steps that could be read are checked together even when others could not, so one answer names every problem.
  const checked = steps.filter((step): step is PipelineStep => step !== undefined);
  checkNamesAndOutputs(steps, issues);
  checkDependencies(steps, files, issues);
  // The graph is keyed by step name: a second step of the same name is already reported, and left out of it.
  const { cycle } = topologicalOrder(checked.filter((step, index) => checked.findIndex((s) => s.name === step.name) === index));
  if (cycle !== undefined) {
    const first = steps.findIndex((step) => step?.name === cycle[0]);
    issues.report('invalid_value', ['steps', first, 'deps'], `the steps form a cycle: ${cycle.join(' → ')}`);
  }
  if (checked.length < steps.length) return undefined;
  const definition: PipelineDefinition = {
    format: PIPELINE_FORMAT,
    ...(paramsFile === undefined ? {} : { paramsFile }),
    steps: checked,
  };
  return { definition, paramsDocument };
}

function checkStep(
  raw: unknown,
  at: IssuePath,
  params: Readonly<Record<string, unknown>>,
  hasParamsFile: boolean,
  issues: IssueCollector,
): PipelineStep | undefined {
  if (!isRecord(raw)) {
    issues.report('invalid_type', at, 'must be a mapping with name, cmd, deps and outs');
    return undefined;
  }
  unknownKeys(raw, STEP_KEYS, at, issues);
  const name = textValue(raw.name, [...at, 'name'], issues);
  if (name !== undefined && !STEP_NAME.test(name))
    issues.report('invalid_format', [...at, 'name'], 'must be letters, digits, _, . or - (not starting with . or -)');
  const cmd = textValue(raw.cmd, [...at, 'cmd'], issues);
  const deps = pathList(raw.deps, [...at, 'deps'], issues);
  const outs = pathList(raw.outs, [...at, 'outs'], issues);
  const paramKeys = textList(raw.params, [...at, 'params'], issues);
  paramKeys.forEach((key, index) => {
    if (!hasParamsFile) issues.report('invalid_value', [...at, 'params', index], `names ${key}, but the pipeline has no params file`);
    else if (paramValue(params, key) === undefined)
      issues.report('invalid_value', [...at, 'params', index], `${key} is not in the params file`);
  });
  const register = raw.register === undefined ? undefined : checkRegister(raw.register, [...at, 'register'], outs, issues);
  // A step without a command is still checked against the others (its name, outputs and dependencies);
  // the problem is already reported, so this step never leaves the parser.
  if (name === undefined) return undefined;
  return { name, cmd: cmd ?? '', deps, params: paramKeys, outs, ...(register === undefined ? {} : { register }) };
}

function checkRegister(raw: unknown, at: IssuePath, outs: readonly string[], issues: IssueCollector): RegisterStep | undefined {
  if (!isRecord(raw)) {
    issues.report('invalid_type', at, 'must be a mapping with model and file');
    return undefined;
  }
  unknownKeys(raw, REGISTER_KEYS, at, issues);
  const model = textValue(raw.model, [...at, 'model'], issues);
  const file = raw.file === undefined ? missing([...at, 'file'], issues) : pathValue(raw.file, [...at, 'file'], issues);
  if (file !== undefined && !outs.includes(file)) issues.report('invalid_value', [...at, 'file'], `${file} is not one of the step's outs`);
  const trainingData = raw.training_data === undefined ? undefined : pathValue(raw.training_data, [...at, 'training_data'], issues);
  const label = raw.label === undefined ? undefined : textValue(raw.label, [...at, 'label'], issues);
  const alias = raw.alias === undefined ? undefined : textValue(raw.alias, [...at, 'alias'], issues);
  if (model === undefined || file === undefined) return undefined;
  return {
    model,
    file,
    ...(trainingData === undefined ? {} : { trainingData }),
    ...(label === undefined ? {} : { label }),
    ...(alias === undefined ? {} : { alias }),
  };
}

/** `steps` keeps an unreadable step as undefined, so each issue names the step's real index. */
function checkNamesAndOutputs(steps: readonly (PipelineStep | undefined)[], issues: IssueCollector): void {
  const names = new Map<string, number>();
  const writers = new Map<string, string>();
  steps.forEach((step, index) => {
    if (step === undefined) return;
    if (names.has(step.name))
      issues.report('duplicate', ['steps', index, 'name'], `step ${step.name} is already defined at steps[${names.get(step.name)}]`);
    else names.set(step.name, index);
    step.outs.forEach((out, outIndex) => {
      const writer = writers.get(out);
      if (writer !== undefined)
        issues.report('duplicate', ['steps', index, 'outs', outIndex], `${out} is already an output of step ${writer}`);
      else writers.set(out, step.name);
    });
  });
}

function checkDependencies(steps: readonly (PipelineStep | undefined)[], files: PipelineFiles, issues: IssueCollector): void {
  const producers = outputProducers(steps.filter((step): step is PipelineStep => step !== undefined));
  steps.forEach((step, index) => {
    if (step === undefined) return;
    step.deps.forEach((dep, depIndex) => {
      if (!producers.has(dep) && !files.isFile(dep))
        issues.report(
          'missing',
          ['steps', index, 'deps', depIndex],
          `${dep} is neither a file of the pipeline's directory nor an output of a step`,
        );
    });
    const data = step.register?.trainingData;
    if (data !== undefined && !producers.has(data) && !files.isFile(data))
      issues.report(
        'missing',
        ['steps', index, 'register', 'training_data'],
        `${data} is neither a file of the pipeline's directory nor an output of a step`,
      );
  });
}

function readParams(paramsFile: string, files: PipelineFiles, issues: IssueCollector): Record<string, unknown> {
  const text = files.isFile(paramsFile) ? files.readText(paramsFile) : undefined;
  if (text === undefined) {
    issues.report('missing', ['params'], `${paramsFile} is not a readable file`);
    return {};
  }
  const own = new IssueCollector();
  const document = readDocumentText(text, documentFormatOf(paramsFile), own);
  for (const issue of own.issues) issues.report(issue.code, ['params'], `${paramsFile} ${issue.message}`);
  if (own.count > 0) return {};
  if (!isRecord(document)) {
    issues.report('invalid_type', ['params'], `${paramsFile} must hold a mapping of parameter names to values`);
    return {};
  }
  return document;
}

/**
 * A parameter's value by its name in the params file: the key itself, or a dotted path into nested
 * mappings (`train.max_depth`), as DVC reads `params:`; undefined when there is none.
 */
export function paramValue(document: Readonly<Record<string, unknown>>, key: string): unknown {
  if (Object.hasOwn(document, key)) return document[key];
  let current: unknown = document;
  for (const part of key.split('.')) {
    if (!isRecord(current) || !Object.hasOwn(current, part)) return undefined;
    current = current[part];
  }
  return current;
}

function unknownKeys(record: Record<string, unknown>, known: ReadonlySet<string>, at: IssuePath, issues: IssueCollector): void {
  for (const key of Object.keys(record))
    if (!known.has(key)) issues.report('unrecognized_key', [...at, key], `is not a field here (expected one of ${[...known].join(', ')})`);
}

function textValue(value: unknown, at: IssuePath, issues: IssueCollector): string | undefined {
  if (value === undefined) return missing(at, issues);
  if (typeof value !== 'string' || value.trim() === '') {
    issues.report('invalid_type', at, 'must be non-empty text');
    return undefined;
  }
  return value;
}

function missing(at: IssuePath, issues: IssueCollector): undefined {
  issues.report('missing', at, 'is required');
  return undefined;
}

function pathValue(value: unknown, at: IssuePath, issues: IssueCollector): string | undefined {
  if (typeof value !== 'string') {
    issues.report('invalid_type', at, 'must be a path (text)');
    return undefined;
  }
  const normalized = normalizePipelinePath(value);
  if ('problem' in normalized) {
    issues.report('invalid_value', at, `${JSON.stringify(value)} ${normalized.problem}`);
    return undefined;
  }
  return normalized.path;
}

function textList(value: unknown, at: IssuePath, issues: IssueCollector): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.report('invalid_type', at, 'must be a list');
    return [];
  }
  const out: string[] = [];
  value.forEach((item, index) => {
    const text = textValue(item, [...at, index], issues);
    if (text === undefined) return;
    if (out.includes(text)) issues.report('duplicate', [...at, index], `${text} is listed twice`);
    else out.push(text);
  });
  return out;
}

function pathList(value: unknown, at: IssuePath, issues: IssueCollector): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.report('invalid_type', at, 'must be a list of paths');
    return [];
  }
  const out: string[] = [];
  value.forEach((item, index) => {
    const path = pathValue(item, [...at, index], issues);
    if (path === undefined) return;
    if (out.includes(path)) issues.report('duplicate', [...at, index], `${path} is listed twice`);
    else out.push(path);
  });
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
