import path from 'node:path';
import { BallastError } from '../../core/errors.ts';
import type { PipelineStep } from '../../core/pipelines/pipeline-definition.ts';
import { auditedTransaction } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { registerModel } from '../register-model.ts';
import { gitState } from './capture-environment.ts';

/** Where a `register` step's files are and which run made them. */
export interface RegisterStepContext {
  /** The directory the step ran in: `register.file` and `register.trainingData` are relative to it. */
  readonly dir: string;
  readonly runId: string;
  /** The step's outputs, path -> sha256. */
  readonly outs: Readonly<Record<string, string>>;
}

export interface RegisteredByStep {
  readonly model: string;
  readonly version: number;
  readonly versionId: string;
}

/**
 * The register hook of `ballast pipeline run`: registers the model a step wrote, with its training
 * data as the version's snapshot and the checkout's commit as its code reference, then links the
 * version to the run and step that made it, so `pipeline reproduce MODEL:V` can find the run again.
 */
export function pipelineRegisterHook(ctx: AppContext): (step: PipelineStep, at: RegisterStepContext) => Promise<RegisteredByStep> {
  return async (step, at) => {
    const register = step.register;
    if (register === undefined) throw new BallastError('invalid_argument', `step "${step.name}" has no register section`);
    // The file registered must be the very output the run recorded, or the lineage would name other bytes.
    if (at.outs[register.file] === undefined)
      throw new BallastError('invalid_argument', `step "${step.name}" registers ${register.file}, which is not one of its outputs`);
    const { gitCommit } = await gitState(at.dir);
    const registered = await registerModel(ctx, {
      name: register.model,
      modelFile: path.resolve(at.dir, register.file),
      ...(register.trainingData !== undefined ? { trainingData: path.resolve(at.dir, register.trainingData) } : {}),
      ...(register.label !== undefined ? { labelColumn: register.label } : {}),
      ...(register.alias !== undefined ? { alias: register.alias } : {}),
      ...(gitCommit !== null ? { codeRef: gitCommit } : {}),
    });
    const { version } = registered;
    await auditedTransaction(ctx, async (tx, audit) => {
      await tx.provenance.save({ versionId: version.id, pipelineRunId: at.runId, pipelineStep: step.name });
      await audit({
        action: 'model.provenance.pipeline',
        objectType: 'model_version',
        objectId: `${version.modelName}:${version.version}`,
        details: { pipelineRun: at.runId, step: step.name, artifact: version.artifactSha256 },
      });
    });
    return { model: version.modelName, version: version.version, versionId: version.id };
  };
}
