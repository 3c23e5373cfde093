import type { EnsembleView } from '../../app/ensembles/set-ensemble.ts';
import { list, modelVersionRef, obj, str } from './wire-schema.ts';

/** A deployment's ensemble on the wire (contract: PUT|GET /v1/deployments/{name}/ensemble). */
export function ensembleView({ deployment, ensemble }: EnsembleView) {
  return {
    deployment: deployment.name,
    ensemble: ensemble && {
      members: ensemble.members.map((v) => ({ name: v.modelName, version: v.version })),
      combine: ensemble.combine,
      max_spread: ensemble.maxSpread,
      on_disagreement: ensemble.onDisagreement,
      set_at: ensemble.setAt,
      set_by: ensemble.setBy,
    },
  };
}

export const ensembleSchema = obj({
  deployment: str,
  ensemble: obj(
    {
      members: list(modelVersionRef),
      combine: { type: 'string', enum: ['mean', 'vote'] },
      max_spread: { type: ['number', 'null'] },
      on_disagreement: { type: 'string', enum: ['review', 'fallback'] },
      set_at: str,
      set_by: str,
    },
    { nullable: true, description: "the deployment's ensemble, or null when its version answers alone" },
  ),
});
