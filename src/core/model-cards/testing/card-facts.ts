import type { CardFacts } from '../card-facts.ts';

export const AT = '2026-11-25T12:00:00.000Z';

/** The facts of a bare version: registered without training data, never tested, deployed or approved. */
export function bareFacts(over: Partial<CardFacts> = {}): CardFacts {
  return {
    generatedAt: AT,
    model: { id: 'm1', name: 'credit', description: '', owner: '', intendedUse: '', tags: [], createdBy: 'ana', createdAt: AT },
    version: {
      id: 'v1',
      modelId: 'm1',
      modelName: 'credit',
      version: 3,
      artifactSha256: 'a'.repeat(64),
      format: 'xgboost',
      signature: {
        inputs: [
          { name: 'income', type: 'number' },
          { name: 'age', type: 'number' },
          { name: 'dti', type: 'number' },
        ],
        output: { kind: 'binary', classes: [0, 1] },
      },
      snapshotId: null,
      contractId: null,
      codeRef: null,
      parameters: {},
      metrics: {},
      createdBy: 'ana',
      createdAt: AT,
    },
    aliases: [],
    annotations: null,
    sensitiveColumns: [],
    snapshot: null,
    contract: null,
    testRuns: [],
    importance: null,
    deployments: [],
    range: { from: '2026-11-18T00:00:00.000Z', to: AT },
    performanceWindows: [],
    hasLabelledReference: false,
    drift: [],
    violations: [],
    approvals: [],
    reviews: [],
    schedule: null,
    unreadable: [],
    ...over,
  };
}
