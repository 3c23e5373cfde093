import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AppContext } from '../../context.ts';
import { registerModel, type RegisteredVersion } from '../../register-model.ts';
import { EXAMPLES } from '../../testing/test-context.ts';

/** The credit contract with display names and units, as a team would write them for reasons. */
function labelledContract(): string {
  return readFileSync(path.join(EXAMPLES, 'contract.yaml'), 'utf8')
    .replace('  age:\n    type: integer\n', '  age:\n    type: integer\n    unit: years\n')
    .replace('  debt_to_income:\n    type: number\n', '  debt_to_income:\n    type: number\n    label: debt-to-income ratio\n');
}

/** The first `rows` data rows of a credit CSV file, written to `dir`. */
export function creditRows(dir: string, rows: number, source = 'train.csv'): string {
  const [header, ...lines] = readFileSync(path.join(EXAMPLES, source), 'utf8').trim().split('\n');
  const file = path.join(dir, `${path.parse(source).name}-${rows}.csv`);
  writeFileSync(file, `${[header, ...lines.slice(0, rows)].join('\n')}\n`);
  return file;
}

/**
 * The example XGBoost credit model registered with a small training snapshot (a background sample
 * small enough for exact Shapley values over 13 features in a test) and a contract with labels.
 */
export async function registerSmallCredit(ctx: AppContext & { dir: string }, name = 'credit', rows = 12): Promise<RegisteredVersion> {
  const contractFile = path.join(ctx.dir, 'contract.yaml');
  writeFileSync(contractFile, labelledContract());
  return registerModel(ctx, {
    name,
    modelFile: path.join(EXAMPLES, 'model.xgb.json'),
    trainingData: creditRows(ctx.dir, rows),
    labelColumn: 'default',
    contractFile,
  });
}
