import { loadOptionsFor } from '../../runtime/load-options.ts';
import type { AppContext } from '../context.ts';
import type { ShadowPreparer } from './shadow-control.ts';

/**
 * Loads a version in this process for `shadow start` run from the command line (no server to ask),
 * as `ballast predict` does; the smoke request runs on it and it is closed straight after.
 */
export function inProcessPreparer(ctx: AppContext): ShadowPreparer {
  return {
    async prepare(_deployment, version) {
      const loaded = await ctx.runtimes[version.format].load(
        await ctx.artifacts.read(version.artifactSha256),
        loadOptionsFor(version.signature),
      );
      return { predict: (batch) => loaded.predict(batch), discard: () => loaded.close() };
    },
  };
}
