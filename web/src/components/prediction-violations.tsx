import type { PredictionDetail } from '../api/types.ts';
import { formatFeatureValue } from '../lib/format.ts';
import { ruleName } from '../lib/validation-report.ts';
import { Link, Section } from './bits.tsx';
import { PolicyChip } from './contract-chips.tsx';

/** The contract rules a served prediction broke: only `flag` rules can, a `reject` would have refused it. */
export function PredictionViolations({ prediction }: { prediction: PredictionDetail }) {
  const { contract } = prediction.lineage;
  return (
    <Section
      title="Contract violations"
      id="violations"
      actions={
        contract && <Link to={{ page: 'contract', name: prediction.model.name, version: prediction.model.version }}>Contract rules</Link>
      }
    >
      <table class="table table--compact">
        <caption class="visually-hidden">
          Rules of the contract these inputs broke; the prediction was served and the violation recorded
        </caption>
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Value</th>
            <th scope="col">Rule</th>
            <th scope="col">Policy</th>
            <th scope="col">What failed</th>
          </tr>
        </thead>
        <tbody>
          {prediction.violations.map((violation, index) => {
            const value = prediction.inputs[violation.column];
            return (
              <tr key={index}>
                <th scope="row" class="mono">
                  {violation.column}
                </th>
                <td class={value === null || value === undefined ? 'muted' : 'mono'}>{formatFeatureValue(value)}</td>
                <td>
                  {ruleName(violation.code)} <code class="muted">{violation.code}</code>
                </td>
                <td>
                  <PolicyChip policy="flag" />
                </td>
                <td class="wrap">{violation.message}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Section>
  );
}
