import { combineClassifiers, combineRegressors } from '../../core/ensembles/combine-members.ts';
import { BallastError } from '../../core/errors.ts';
import type { EnsembleState } from '../../core/rollouts/deployment-routing.ts';
import type { ModelVersionRecord } from '../../core/registry-records.ts';
import type { ClassLabel, ModelSignature } from '../../core/signature.ts';
import type { FeatureBatch, PredictionOutput } from '../../runtime/model-runtime.ts';
import type { Executor } from './serving-types.ts';
import type { ExecutorOutput, MemberOutput } from './serving-extensions.ts';

export interface EnsembleMember {
  readonly version: ModelVersionRecord;
  readonly executor: Executor;
}

/**
 * One executor answering for an ensemble's members (deployment-routing.ts' EnsembleState): every
 * batch goes to all members at once, in parallel (each member's executor has its own workers), and
 * their answers are combined in core/ensembles/combine-members.ts. The output carries each member's
 * own answer (logged inside the prediction's output, said in the response) and whether they
 * disagreed on each row (the review policy's `disagreement` condition reads it).
 *
 * A member that fails fails the whole batch: an answer from the members that happened to be up is
 * a different model from the one deployed, with a different error profile, and answering with it
 * would hide the broken member behind a plausible-looking answer. The error names the member.
 *
 * The member executors belong to the serving host's pool (shared with other revisions that route
 * to the same versions), so closing the ensemble leaves them open.
 */
export function createEnsembleExecutor(members: readonly EnsembleMember[], state: EnsembleState): Executor {
  const ordered = state.memberVersionIds.map((id) => {
    const member = members.find((m) => m.version.id === id);
    if (member === undefined) throw new BallastError('internal', `ensemble member ${id} was not given an executor`);
    return member;
  });
  if (ordered.length < 2) throw new BallastError('invalid_ensemble', 'an ensemble needs at least two members');
  const first = ordered[0]!;
  // The request is read once, by the first member's signature; a member that lists the same inputs
  // in another order (setEnsemble checks names and types) gets the columns in its own order.
  const columnsOf = ordered.map((member) => columnOrder(first.executor.signature, member.executor.signature));
  return {
    signature: first.executor.signature,
    async predict(batch: FeatureBatch): Promise<ExecutorOutput> {
      const outputs = await Promise.all(ordered.map((member, i) => predictMember(member, reorder(batch, columnsOf[i]))));
      const memberOutputs: MemberOutput[] = outputs.map((output, i) => ({
        versionId: ordered[i]!.version.id,
        model: { name: ordered[i]!.version.modelName, version: ordered[i]!.version.version },
        output,
      }));
      return { ...combine(outputs, ordered, batch.rowCount, state), members: memberOutputs };
    },
    async close() {},
  };
}

/** Per input of `member`, the index of its column in a batch read by `first`; undefined when the orders agree. */
function columnOrder(first: ModelSignature, member: ModelSignature): number[] | undefined {
  const names = first.inputs.map((f) => f.name);
  const order = member.inputs.map((f) => names.indexOf(f.name));
  if (order.some((index) => index < 0))
    throw new BallastError(
      'internal',
      `an ensemble member reads inputs the first member does not (${member.inputs.map((f) => f.name).join(', ')})`,
    );
  return order.every((index, i) => index === i) && order.length === names.length ? undefined : order;
}

function reorder(batch: FeatureBatch, order: number[] | undefined): FeatureBatch {
  return order === undefined ? batch : { rowCount: batch.rowCount, columns: order.map((index) => batch.columns[index]!) };
}

async function predictMember(member: EnsembleMember, batch: FeatureBatch): Promise<PredictionOutput> {
  try {
    return await member.executor.predict(batch);
  } catch (error) {
    const name = `${member.version.modelName}:${member.version.version}`;
    if (error instanceof BallastError) throw new BallastError(error.code, `ensemble member ${name}: ${error.message}`, error.issues);
    throw new Error(`ensemble member ${name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function combine(
  outputs: readonly PredictionOutput[],
  members: readonly EnsembleMember[],
  rowCount: number,
  state: EnsembleState,
): PredictionOutput & { readonly disagreement: boolean[] } {
  const first = outputs[0]!;
  if (first.kind === 'regression') {
    const values = outputs.map((output, i) => {
      if (output.kind !== 'regression') throw mismatch(members[i]!, 'answered classes where the first member answered a value');
      return output.values;
    });
    return { kind: 'regression', ...combineRegressors(values, rowCount, state.combine, state.maxSpread) };
  }
  const scores = outputs.map((output, i) => {
    if (output.kind === 'regression' || !sameClasses(output.classes, first.classes))
      throw mismatch(members[i]!, `answered other classes than the first member (${first.classes.join(', ')})`);
    return output;
  });
  const combined = combineClassifiers(scores, { rowCount, classCount: first.classes.length }, state.combine, state.maxSpread);
  return { kind: first.kind, classes: first.classes, ...combined };
}

function sameClasses(a: readonly ClassLabel[], b: readonly ClassLabel[]): boolean {
  return a.length === b.length && a.every((label, i) => label === b[i]);
}

/** setEnsemble checks members' outputs agree before storing an ensemble; a member that still does not is a fault, not bad input. */
function mismatch(member: EnsembleMember, what: string): BallastError {
  return new BallastError('internal', `ensemble member ${member.version.modelName}:${member.version.version} ${what}`);
}
