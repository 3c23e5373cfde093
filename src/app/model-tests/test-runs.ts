import { BallastError } from '../../core/errors.ts';
import type { TestRunWire } from '../../core/model-tests/suite-types.ts';
import type { TestRunRecord } from '../../core/model-tests/test-run-record.ts';
import type { AppContext } from '../context.ts';
import { resolveModelRef } from '../resolve-model.ts';

/** A stored run as `ballast tests show --json`, `ballast test --json` and the API answer it. */
export function testRunWire(record: TestRunRecord, model: { readonly name: string; readonly version: number }): TestRunWire {
  return {
    id: record.id,
    model: { name: model.name, version: model.version },
    suite: { name: record.suiteName, hash: record.suiteHash },
    data: { hash: record.dataHash, rows: record.dataRows, file: record.dataFile },
    seed: record.seed,
    passed: record.passed,
    checks: record.checks,
    created_by: record.createdBy,
    created_at: record.createdAt,
  };
}

/** The runs of the version a reference names (`NAME`, `NAME@alias`, `NAME:version`), newest first. */
export async function listTestRuns(ctx: Pick<AppContext, 'store'>, ref: string): Promise<TestRunWire[]> {
  const { model, version } = await resolveModelRef(ctx.store, ref);
  const runs = await ctx.store.testRuns.listForVersion(version.id);
  return runs.map((run) => testRunWire(run, { name: model.name, version: version.version }));
}

/** One run by id; `test_run_not_found` when there is none. */
export async function findTestRun(ctx: Pick<AppContext, 'store'>, id: string): Promise<TestRunWire> {
  const run = await ctx.store.testRuns.find(id);
  if (run === undefined) throw new BallastError('test_run_not_found', `no test run has the id "${id}"`);
  const version = await ctx.store.versions.findById(run.versionId);
  return testRunWire(run, { name: version?.modelName ?? '(deleted)', version: version?.version ?? 0 });
}
