import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BallastError } from '../../core/errors.ts';
import { parseTestSuite } from '../../core/model-tests/parse-suite.ts';
import { checkSeed } from '../../core/model-tests/seeded-random.ts';
import type {
  CheckData,
  CheckEvaluator,
  CheckResult,
  CheckSpec,
  CheckType,
  ScoredRows,
  TestRunWire,
  TestSuite,
} from '../../core/model-tests/suite-types.ts';
import type { TestRunRecord } from '../../core/model-tests/test-run-record.ts';
import type { TableChunk } from '../../core/table.ts';
import { buildFeatureBatch } from '../../runtime/build-feature-batch.ts';
import { auditedTransaction } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { contractOfVersion } from '../contracts.ts';
import { readTable } from '../data-files.ts';
import { loadRegisteredModel } from '../load-model.ts';
import { resolveModelRef } from '../resolve-model.ts';
import { contractEvaluator } from './contract-check.ts';
import { scoreColumns } from './score-rows.ts';
import { checkSuiteAgainstData } from './suite-against-data.ts';
import { dataColumnsOf } from './test-data-columns.ts';
import { readLabels } from './test-labels.ts';
import { referenceColumnsOf } from './test-reference.ts';
import { testRunWire } from './test-runs.ts';

/**
 * The evaluator of every check type but `contract`, which the runner makes itself from the version's
 * contract. Passed in, so the runner is tested with fakes and each check type is written on its own.
 */
export type ModelCheckEvaluators = { readonly [T in Exclude<CheckType, 'contract'>]: CheckEvaluator<Extract<CheckSpec, { type: T }>> };

export interface RunModelTestsInput {
  /** `NAME`, `NAME@alias` or `NAME:version`. */
  readonly ref: string;
  readonly suiteFile: string;
  /** CSV or JSON Lines with the model's inputs, the label and any column the suite names. */
  readonly dataFile: string;
  readonly label: string;
  /** A check type without an evaluator is refused as a suite problem, before anything runs. */
  readonly evaluators: Partial<ModelCheckEvaluators>;
  /** Store the run with its audit entry (default true); false only evaluates. */
  readonly store?: boolean;
}

export interface ModelTestRun {
  readonly suite: TestSuite;
  readonly record: TestRunRecord;
  readonly wire: TestRunWire;
}

/**
 * Runs a suite against a version on a labelled data file and (by default) stores the run. Everything that can
 * be wrong with the input is found before any check runs (the suite's format, its columns against the data's,
 * checks the model cannot answer, labels the model does not know); an evaluator's BallastError (too few rows)
 * ends the run with nothing stored. The version is scored once and its model closed after the last check.
 */
export async function runModelTests(ctx: AppContext, input: RunModelTestsInput): Promise<ModelTestRun> {
  const suiteBytes = await readInput(input.suiteFile, 'the test suite');
  const suiteBase = path.basename(input.suiteFile);
  const suite = parseTestSuite(suiteBytes.toString('utf8'), { defaultName: suiteBase.replace(/\.[^.]*$/, ''), fileName: suiteBase });
  const { model, version } = await resolveModelRef(ctx.store, input.ref);
  const what = `${model.name}:${version.version}`;
  const dataBytes = await readInput(input.dataFile, 'the test data');
  const source = path.basename(input.dataFile);
  const table = await readTable(input.dataFile);
  if (table.rows.length === 0) throw new BallastError('test_data_insufficient', `${source}: the test data has no rows`);
  const labelAt = table.columns.indexOf(input.label);
  if (labelAt < 0) throw new BallastError('missing_column', `${source}: no label column "${input.label}" (the --label of the test data)`);
  const contract = (await contractOfVersion(ctx.store, version.contractId))?.contract;
  const signature = version.signature;
  const inputs = signature.inputs.map((feature) => feature.name);
  checkSuiteAgainstData(
    suite,
    {
      columns: new Set(table.columns),
      inputs,
      classes: signature.output.kind === 'regression' ? undefined : (signature.output.classes ?? []),
      hasContract: contract !== undefined,
      evaluated: new Set(['contract', ...Object.keys(input.evaluators)] as CheckType[]),
      what,
    },
    suiteBase,
  );
  // Refuses a missing input or a value the model cannot read with every row and column named, as predict does.
  buildFeatureBatch(signature.inputs, table, source);

  const columns = dataColumnsOf(table, signature.inputs);
  const loaded = (await loadRegisteredModel(ctx, what)).loaded;
  const scoredOthers = new Map<string, Promise<{ version: number; scored: ScoredRows }>>();
  let checks: CheckResult[];
  try {
    const scored = await scoreColumns(loaded, columns, table.rows.length, what);
    const classes = scored.kind === 'classification' ? scored.classes : undefined;
    const labels = readLabels(
      table.rows.map((row) => row.cells[labelAt] ?? null),
      signature.output,
      classes,
      input.label,
      source,
    );
    const reference = referenceColumnsOf((await ctx.store.monitoring.findReference(version.id))?.profile, inputs);
    const data: CheckData = {
      rows: table.rows.length,
      columns,
      inputs,
      labels,
      scored,
      // A check passes only the columns it replaced; every other input is the data's own.
      score: (modified) => scoreColumns(loaded, new Map([...columns, ...modified]), table.rows.length, what),
      reference,
      scoreAlias: (alias) => {
        let found = scoredOthers.get(alias);
        if (found === undefined) scoredOthers.set(alias, (found = scoreOther(ctx, `${model.name}@${alias}`, columns, table)));
        return found;
      },
    };
    const evaluate = (check: CheckSpec): Promise<CheckResult> => {
      if (check.type === 'contract')
        return contractEvaluator(contract!, table, ctx.clock())(check, data, checkSeed(suite.seed, check.name));
      const evaluator = input.evaluators[check.type] as CheckEvaluator; // present: checkSuiteAgainstData refused the others
      return evaluator(check, data, checkSeed(suite.seed, check.name));
    };
    checks = [];
    // One at a time: each check may score many perturbed copies, and they share one model.
    for (const check of suite.checks) checks.push(normalise(await evaluate(check), check));
  } finally {
    await loaded.close();
  }

  const record: TestRunRecord = {
    id: ctx.newId(),
    versionId: version.id,
    suiteName: suite.name,
    suiteHash: sha256(suiteBytes),
    dataFile: input.dataFile,
    dataHash: sha256(dataBytes),
    dataRows: table.rows.length,
    seed: suite.seed,
    passed: checks.every((check) => check.passed || check.severity !== 'error'),
    checks,
    createdBy: ctx.actor,
    createdAt: ctx.clock().toISOString(),
  };
  if (input.store !== false) {
    await auditedTransaction(ctx, async (tx, audit) => {
      await tx.testRuns.insert(record);
      await audit({
        action: 'test_run.create',
        objectType: 'test_run',
        objectId: record.id,
        details: {
          model: model.name,
          version: version.version,
          suite: suite.name,
          suiteHash: record.suiteHash,
          dataHash: record.dataHash,
          passed: record.passed,
        },
      });
    });
  }
  return { suite, record, wire: testRunWire(record, { name: model.name, version: version.version }) };
}

/**
 * The check's result as it is stored and printed: its name, type and severity are the suite's (an evaluator
 * cannot rename itself), and it goes through JSON once so NaN reads as null here as it will from the store.
 */
function normalise(result: CheckResult, check: CheckSpec): CheckResult {
  return JSON.parse(JSON.stringify({ ...result, name: check.name, type: check.type, severity: check.severity })) as CheckResult;
}

/** The version behind another alias of the model scoring the same rows (champion_challenger). */
async function scoreOther(ctx: AppContext, ref: string, columns: CheckData['columns'], table: TableChunk) {
  const { version } = await resolveModelRef(ctx.store, ref);
  const what = `${version.modelName}:${version.version}`;
  buildFeatureBatch(version.signature.inputs, table, `the test data for ${what}`);
  const loaded = (await loadRegisteredModel(ctx, what)).loaded;
  try {
    return { version: version.version, scored: await scoreColumns(loaded, columns, table.rows.length, what) };
  } finally {
    await loaded.close();
  }
}

async function readInput(file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new BallastError('file_not_found', `${file}: cannot read ${what} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
