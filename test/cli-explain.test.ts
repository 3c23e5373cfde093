import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBallast, type CliResult } from './testing/run-ballast.ts';

// `ballast explain` (issue 17): one explanation object per row, the fallback said on stderr.

const root = path.resolve(import.meta.dirname, '..');
const examples = path.join(root, 'examples', 'credit');
const model = path.join(examples, 'model.xgb.json');

let dir: string;
let background: string;
let input: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ballast-explain-'));
  // Small files: KernelSHAP scores its coalition samples once per background row.
  const head = (file: string, rows: number, name: string) => {
    const lines = readFileSync(path.join(examples, file), 'utf8').trim().split('\n');
    writeFileSync(path.join(dir, name), `${lines.slice(0, rows + 1).join('\n')}\n`);
    return path.join(dir, name);
  };
  background = head('train.csv', 8, 'background.csv');
  input = head('live.csv', 2, 'rows.csv');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ballast(...args: string[]): Promise<CliResult> {
  return runBallast(args, { cwd: dir, dataDir: path.join(dir, 'data') });
}

interface Line {
  base_value: number;
  contributions: Record<string, number>;
  output: number;
  prediction: { label: number; probabilities: number[] };
  reasons: string[];
  method: string;
  space: string;
}

const parse = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Line);

describe('ballast explain', () => {
  it('writes one explanation per row to standard output, exactly from the trees of a tree model', async () => {
    const result = await ballast('explain', '--model', model, '--input', input, '--top', '2');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const lines = parse(result.stdout);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const sum = Object.values(line.contributions).reduce((a, b) => a + b, 0);
      expect(line.base_value + sum).toBeCloseTo(line.output, 5);
      // The margin's logistic is the probability served.
      expect(1 / (1 + Math.exp(-line.output))).toBeCloseTo(line.prediction.probabilities[1]!, 6);
      expect(line.reasons).toHaveLength(2);
      expect([line.method, line.space]).toEqual(['tree_shap', 'margin']);
      expect(Object.keys(line)).toEqual(['base_value', 'contributions', 'output', 'prediction', 'reasons', 'method', 'space']);
    }
  });

  it('says on stderr which method a model without readable trees falls back to, and why', async () => {
    const onnx = path.join(examples, 'model.onnx');
    const result = await ballast('explain', '--model', onnx, '--input', input, '--background', background, '--samples', '200');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/kernel_shap against a background sample instead of TreeSHAP/);
    const lines = parse(result.stdout);
    expect(lines.map((line) => [line.method, line.space])).toEqual([
      ['kernel_shap', 'probability'],
      ['kernel_shap', 'probability'],
    ]);
    for (const line of lines) {
      const sum = Object.values(line.contributions).reduce((a, b) => a + b, 0);
      expect(line.base_value + sum).toBeCloseTo(line.output, 9);
    }
  });

  it('writes to --output only when the run succeeds, and exits 2 when the method cannot be used', async () => {
    const output = path.join(dir, 'out.jsonl');
    const ok = await ballast('explain', '--model', model, '--input', input, '--background', background, '--output', output);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe('');
    expect(parse(readFileSync(output, 'utf8'))).toHaveLength(2);
    expect(ok.stderr).toContain(`explained 2 rows with ${model} -> ${output}`);

    const failed = path.join(dir, 'failed.jsonl');
    const refused = await ballast('explain', '--model', model, '--input', input, '--method', 'exact_shapley', '--output', failed);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: exact_shapley needs a background sample/);
    expect(existsSync(failed)).toBe(false);

    const badTop = await ballast('explain', '--model', model, '--input', input, '--top', '-1');
    expect(badTop.code).toBe(2);
  });

  it("explains with a registered version, comparing with its training data's sample and naming its target", async () => {
    expect((await ballast('models', 'register', 'credit', model, '--training-data', background, '--label', 'default')).code).toBe(0);
    const result = await ballast('explain', '--model', 'credit:1', '--input', input, '--top', '1');
    expect(result.code, result.stderr).toBe(0);
    const lines = parse(result.stdout);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.reasons[0]).toMatch(/ (raised|lowered) the chance of default most$/);
  });
});
