import type { ValidationReport } from '../../core/contracts/contract-types.ts';
import type { ContractRecord } from '../../store/contract-repository.ts';
import { freeObject, int, list, obj, str } from './wire-schema.ts';

/** Contracts on the wire. The contract document itself is already snake_case (it is the file format). */

export function versionContractView(record: ContractRecord, trainingReport: ValidationReport | null) {
  return {
    name: record.name,
    sha256: record.sha256,
    created_at: record.createdAt,
    created_by: record.createdBy,
    contract: record.contract,
    training_report: trainingReport,
  };
}
export const versionContractSchema = obj({
  name: str,
  sha256: str,
  created_at: str,
  created_by: str,
  contract: freeObject,
  training_report: { type: ['object', 'null'], additionalProperties: true },
});

export function violationWindowView(w: { windowStart: string; column: string; code: string; policy: string; count: number }) {
  return { window_start: w.windowStart, column: w.column, code: w.code, policy: w.policy, count: w.count };
}
export const deploymentViolationsSchema = obj({
  deployment: str,
  from: str,
  to: str,
  windows: list(obj({ window_start: str, column: str, code: str, policy: str, count: int })),
});
