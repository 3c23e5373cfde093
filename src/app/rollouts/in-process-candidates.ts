import type { AppContext } from '../context.ts';
import { loadRegisteredModel } from '../load-model.ts';
import type { CandidateServing } from './candidate-smoke.ts';

/**
 * The CLI has no serving host: it loads the candidate here, as `ballast predict` does, only to smoke-test
 * it, and closes it again; the servers load it from the stored routing on their next refresh.
 */
export function inProcessCandidates(ctx: AppContext): CandidateServing {
  return {
    async prepare(_deployment, version) {
      const { loaded } = await loadRegisteredModel(ctx, `${version.modelName}:${version.version}`);
      let closed: Promise<void> | undefined;
      const close = () => (closed ??= loaded.close());
      return { predict: (batch) => loaded.predict(batch), serve: close, discard: close };
    },
  };
}
