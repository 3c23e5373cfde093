import { describe, expect, it } from 'vitest';
import { LOG_LOSS_EPSILON, logLoss } from './log-loss.ts';
import { close, inputOf, references } from './testing/references.ts';

describe('logLoss against scikit-learn 1.9', () => {
  for (const c of [...references.binary, ...references.multiclass]) {
    it(c.name, () => expect({ v: logLoss(inputOf(c)), ok: close(logLoss(inputOf(c)), c.log_loss) }).toMatchObject({ ok: true }));
  }

  it("clips a zero probability to float64's epsilon, as sklearn 1.9 does", () => {
    expect(logLoss({ classes: [0, 1], yTrue: [1], probabilities: [[1, 0]] })).toBeCloseTo(-Math.log(LOG_LOSS_EPSILON), 12);
    expect(logLoss({ classes: [0, 1], yTrue: [1], probabilities: [[0, 1]] })).toBeCloseTo(-Math.log(1 - LOG_LOSS_EPSILON), 20);
  });
});
