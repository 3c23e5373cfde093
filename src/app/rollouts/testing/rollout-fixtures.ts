import type { ModelVersionRecord } from '../../../core/registry-records.ts';
import type { PredictionOutput } from '../../../runtime/model-runtime.ts';
import { twoVersionDeployment } from '../../alerts/testing/rollback-fixtures.ts';
import type { AppContext } from '../../context.ts';
import type { CandidateServing } from '../candidate-smoke.ts';
import { inProcessCandidates } from '../in-process-candidates.ts';

/**
 * `credit:1` (XGBoost) and `credit:2` (LightGBM), both with a training snapshot, and `credit-risk`
 * serving credit:2 at revision 2: a rollout to credit:1 is the usual candidate in these tests.
 */
export const rolloutDeployment = (ctx: AppContext) => twoVersionDeployment(ctx);

/** What a fake candidate does when smoke-tested. */
export type CandidateBehaviour = 'answers' | 'fails-to-load' | 'answers-nan';

/**
 * Candidates loaded in-process (the real models), or failing as told, recording what was prepared,
 * discarded and served, so a test can check nothing stays loaded that should not.
 */
export function recordingCandidates(ctx: AppContext, behaviour: CandidateBehaviour = 'answers') {
  const real = inProcessCandidates(ctx);
  const events: string[] = [];
  const serving: CandidateServing = {
    async prepare(deployment, version: ModelVersionRecord) {
      const name = `${version.modelName}:${version.version}`;
      events.push(`prepare ${name}`);
      if (behaviour === 'fails-to-load') throw new Error('the runtime cannot load the artifact');
      const prepared = await real.prepare(deployment, version);
      return {
        predict: async (batch): Promise<PredictionOutput> => {
          const output = await prepared.predict(batch);
          if (behaviour !== 'answers-nan') return output;
          return output.kind === 'regression'
            ? { ...output, values: output.values.map(() => NaN) }
            : { ...output, probabilities: output.probabilities.map(() => NaN) };
        },
        serve: async (record) => {
          events.push(`serve ${name} revision ${record.revision}`);
          await prepared.serve(record);
        },
        discard: async () => {
          events.push(`discard ${name}`);
          await prepared.discard();
        },
      };
    },
  };
  return { serving, events };
}
