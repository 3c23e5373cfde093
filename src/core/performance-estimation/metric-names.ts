/** The metrics CBPE estimates, in the order reports list them. */
export const CBPE_METRICS = ['roc_auc', 'accuracy', 'precision', 'recall', 'f1', 'specificity'] as const;

export type CbpeMetric = (typeof CBPE_METRICS)[number];

export function isCbpeMetric(name: string): name is CbpeMetric {
  return (CBPE_METRICS as readonly string[]).includes(name);
}
