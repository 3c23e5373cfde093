import type { PredictionViolation } from '../api/contract-types.ts';
import type { Signature } from '../api/types.ts';
import { Chip, Section } from '../components/bits.tsx';
import { formatFeatureValue } from '../lib/format.ts';
import { ruleName } from '../lib/validation-report.ts';

/**
 * The row as the model received it, the model's feature order first; a value that broke a `flag`
 * rule of the contract is highlighted and says which rule.
 */
export function ReviewInputs({
  inputs,
  violations,
  signature,
}: {
  inputs: Readonly<Record<string, unknown>>;
  violations: readonly PredictionViolation[];
  signature: Signature | undefined;
}) {
  return (
    <Section title="Inputs" id="review-inputs-title">
      <table class="table table--compact" data-testid="review-inputs">
        <caption class="visually-hidden">Feature values as the model received them; flagged values broke a rule of the contract</caption>
        <thead>
          <tr>
            <th scope="col">Feature</th>
            <th scope="col">Value</th>
            <th scope="col">Contract</th>
          </tr>
        </thead>
        <tbody>
          {featureOrder(inputs, violations, signature).map((name) => {
            const value = inputs[name];
            const broken = violations.filter((violation) => violation.column === name);
            return (
              <tr key={name} class={broken.length > 0 ? 'is-flagged' : undefined} data-column={name}>
                <th scope="row" class="mono">
                  {name}
                  {broken.length > 0 && (
                    <>
                      {' '}
                      <Chip tone="warn" title="this value broke a flag rule of the contract">
                        flagged
                      </Chip>
                    </>
                  )}
                </th>
                <td class={value === null || value === undefined ? 'muted' : 'mono'}>{formatFeatureValue(value)}</td>
                <td class="wrap">
                  {broken.map((violation, index) => (
                    <span key={index} class="review-violation">
                      {ruleName(violation.code)}: {violation.message}
                    </span>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Section>
  );
}

/**
 * The model's feature order first (an absent feature shows as missing), then anything else that was
 * logged, then any column a violation names that the row lacks, so no flag goes unseen.
 */
function featureOrder(
  inputs: Readonly<Record<string, unknown>>,
  violations: readonly PredictionViolation[],
  signature: Signature | undefined,
): string[] {
  const names = signature ? signature.inputs.map((input) => input.name) : [];
  for (const name of [...Object.keys(inputs), ...violations.map((violation) => violation.column)])
    if (!names.includes(name)) names.push(name);
  return names;
}
