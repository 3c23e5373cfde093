import type { Contract, ValidationReport } from '../core/contracts/contract-types.ts';
import { BallastError } from '../core/errors.ts';
import { issuesError } from '../core/issues.ts';
import type { AppContext } from './context.ts';
import { contractOfVersion, readContractFile, validateDataFile } from './contracts.ts';

export interface TrainingGateInput {
  readonly modelName: string;
  readonly trainingData?: string;
  /** A contract file; without one, the previous version's contract applies (if it has one). */
  readonly contractFile?: string;
  /** Register even though the training data breaks an error-severity rule; needs a reason. */
  readonly force?: boolean;
  readonly reason?: string;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface TrainingGateResult {
  readonly contract: Contract | undefined;
  /** Where the contract came from, for messages. */
  readonly contractSource: string | undefined;
  readonly report: ValidationReport | undefined;
  /** True when the data failed and `force` let it through (the audit log records the reason). */
  readonly forced: boolean;
}

/**
 * The training gate: before a version is registered, its training data must meet the model's
 * contract — the one given, or the previous version's. An error-severity failure refuses the
 * registration (nothing is written) unless forced with a reason, which the audit log keeps.
 */
export async function checkTrainingGate(ctx: AppContext, input: TrainingGateInput): Promise<TrainingGateResult> {
  if (input.force && !input.reason?.trim())
    throw new BallastError('invalid_argument', '--force needs --reason "why this data may break its contract"');
  let contract: Contract | undefined;
  let contractSource: string | undefined;
  if (input.contractFile !== undefined) {
    contract = await readContractFile(input.contractFile);
    contractSource = input.contractFile;
  } else {
    const model = await ctx.store.models.findByName(input.modelName);
    const previous = model && (await ctx.store.versions.latest(model.id));
    const record = previous && (await contractOfVersion(ctx.store, previous.contractId));
    if (record) {
      contract = record.contract;
      contractSource = `the contract of ${input.modelName}:${previous!.version}`;
    }
  }
  if (contract === undefined || input.trainingData === undefined) return { contract, contractSource, report: undefined, forced: false };

  const report = await validateDataFile(contract, input.trainingData, ctx.clock(), input.onProgress);
  if (report.passed) return { contract, contractSource, report, forced: false };
  if (input.force) return { contract, contractSource, report, forced: true };
  const errors = report.issues.filter((issue) => issue.severity === 'error');
  throw issuesError(
    'contract_failed',
    `the training data breaks ${contractSource} (fix the data, or register with --force --reason "…")`,
    errors.map((issue) => ({ code: issue.code, path: issue.column === null ? [] : [issue.column], message: issue.message })),
  );
}
