import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BallastError } from '../../core/errors.ts';
import type { CategoricalDriftMetrics } from '../../core/drift/drift-report.ts';
import { driftBetweenFiles } from './file-drift.ts';

let dir: string;

async function files(reference: string, current: string, ext = 'csv'): Promise<[string, string]> {
  const stamp = Math.random().toString(36).slice(2);
  const ref = path.join(dir, `ref-${stamp}.${ext}`);
  const cur = path.join(dir, `cur-${stamp}.${ext}`);
  await writeFile(ref, reference);
  await writeFile(cur, current);
  return [ref, cur];
}

function csv(header: string, rows: (string | number)[][]): string {
  return [header, ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ballast-drift-'));
});

describe('driftBetweenFiles', () => {
  it('answers the documented JSON shape for numeric and categorical columns', async () => {
    const [ref, cur] = await files(
      csv(
        'x,city',
        range(400).map((i) => [i % 50, ['Oslo', 'Lima'][i % 2]!]),
      ),
      csv(
        'x,city',
        range(400).map((i) => [(i % 50) + 30, ['Oslo', 'Lima', 'Pune'][i % 3]!]),
      ),
    );
    const report = await driftBetweenFiles(ref, cur);
    expect(Object.keys(report.dataset)).toEqual(expect.arrayContaining(['drifted', 'drifted_share', 'columns']));
    const [x, city] = report.columns;
    expect(x).toMatchObject({
      name: 'x',
      type: 'numeric',
      n_reference: 400,
      n_current: 400,
      drifted: true,
      method: 'ks',
      effect_size: { name: 'wasserstein_norm' },
    });
    expect(Object.keys(x!.metrics).sort()).toEqual(['jensen_shannon', 'ks', 'psi', 'wasserstein', 'wasserstein_norm']);
    expect(city).toMatchObject({ name: 'city', type: 'categorical', method: 'chi2', drifted: true, effect_size: { name: 'tvd' } });
    expect(Object.keys(city!.metrics).sort()).toEqual(['chi2', 'jensen_shannon', 'psi', 'tvd']);
    expect((city!.metrics as CategoricalDriftMetrics).tvd).toBeCloseTo(0.3325, 12);
    expect(city!.note).toMatch(/1 category not in the reference: "Pune"/);
    expect(city!.distribution.bins).toEqual(['Lima', 'Oslo', 'Pune']);
  });

  it('gives a documented result, never NaN, for columns that cannot be tested', async () => {
    const [ref, cur] = await files(
      csv(
        'empty,constant,inf,mixed,onlyref',
        range(50).map((i) => ['', 7, i === 3 ? 'inf' : i / 4, i % 5 === 0 ? 'n/a-text' : i, 1]),
      ),
      csv(
        'empty,constant,inf,mixed,onlycur',
        range(50).map((i) => ['', 7, i === 4 ? '-Infinity' : i / 4, i, 2]),
      ),
    );
    const report = await driftBetweenFiles(ref, cur);
    const text = JSON.stringify(report);
    expect(text).not.toMatch(/NaN|Infinity|undefined/);
    const byName = new Map(report.columns.map((c) => [c.name, c]));
    expect(byName.get('empty')).toMatchObject({
      drifted: false,
      statistic: null,
      p_value: null,
      note: expect.stringMatching(/^not enough data/),
    });
    expect(byName.get('constant')).toMatchObject({ drifted: false, statistic: 0, p_value_raw: 1, effect_size: { value: 0 } });
    expect(byName.get('inf')!.note).toMatch(/1 infinite value in the reference left out; 1 infinite value in the current data left out/);
    expect(byName.get('inf')!.n_reference).toBe(49);
    expect(byName.get('mixed')).toMatchObject({ type: 'categorical' });
    expect(report.skipped).toEqual([
      { name: 'onlyref', reason: 'only in the reference' },
      { name: 'onlycur', reason: 'only in the current data' },
    ]);
    expect(report.dataset.columns).toBe(3);
  });

  it('leaves out text in a column the reference says is numeric, and says so', async () => {
    const [ref, cur] = await files(
      csv(
        'x',
        range(30).map((i) => [i / 4]),
      ),
      csv(
        'x',
        range(30).map((i) => [i % 10 === 0 ? 'oops' : i / 4]),
      ),
    );
    const [x] = (await driftBetweenFiles(ref, cur)).columns;
    expect(x).toMatchObject({ type: 'numeric', n_current: 27, note: '3 values of the current data are not a number and were left out' });
  });

  it('skips identifier columns, whose values are nearly all distinct', async () => {
    const [ref, cur] = await files(
      csv(
        'id,x',
        range(300).map((i) => [`R-${i}`, i % 7]),
      ),
      csv(
        'id,x',
        range(300).map((i) => [`C-${i}`, i % 7]),
      ),
    );
    const report = await driftBetweenFiles(ref, cur);
    expect(report.columns.map((c) => c.name)).toEqual(['x']);
    expect(report.skipped).toEqual([{ name: 'id', reason: 'looks like an identifier: 300 distinct values in 300 reference rows' }]);
  });

  it('compares a numeric column with few distinct values (a 0/1 flag) as categories, "1" and "1.0" alike', async () => {
    const [ref, cur] = await files(
      csv(
        'flag,x',
        range(1000).map((i) => [i % 20 < 11 ? 1 : 0, (i % 37) / 3]),
      ),
      csv(
        'flag,x',
        range(1000).map((i) => [i % 40 < 27 ? '1.0' : '0.0', (i % 37) / 3]),
      ),
    );
    const report = await driftBetweenFiles(ref, cur);
    const flag = report.columns.find((c) => c.name === 'flag')!;
    expect(flag).toMatchObject({ type: 'categorical', method: 'chi2', drifted: true, effect_size: { name: 'tvd' } });
    expect(flag.distribution.bins).toEqual(['1', '0']);
    expect(flag.effect_size.value).toBeCloseTo(0.675 - 0.55, 12);
    expect(flag.note).toMatch(/^2 distinct values in the reference: compared as categories/);
    // Still numbers: the multivariate check keeps them.
    expect(report.dataset.multivariate?.columns).toEqual(['flag', 'x']);
  });

  it('skips numeric identifiers and time-like columns, says why, and keeps them out of the multivariate check', async () => {
    const rows = (offset: number, year: number) => range(1000).map((i) => [offset + i + 1, year, (i % 41) - 20, ((i * 7) % 23) / 2]);
    const [ref, cur] = await files(csv('PassengerId,year,a,b', rows(0, 2019)), csv('PassengerId,year,a,b', rows(1000, 2023)));
    const report = await driftBetweenFiles(ref, cur);
    expect(report.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expect(report.skipped).toEqual([
      { name: 'PassengerId', reason: 'looks like an identifier: integers that increase with every one of the 1000 reference rows' },
      { name: 'year', reason: 'time-like: its name says it holds time, and later data lies beyond the reference by construction' },
    ]);
    expect(report.dataset.multivariate).toMatchObject({ columns: ['a', 'b'], drifted: false });
    expect(report.dataset.drifted).toBe(false);
  });

  it('compares only the columns asked for, and refuses unknown ones', async () => {
    const [ref, cur] = await files(
      csv('a,b', [
        [1, 2],
        [3, 4],
      ]),
      csv('a,b', [
        [1, 2],
        [3, 4],
      ]),
    );
    expect((await driftBetweenFiles(ref, cur, { columns: ['b'] })).columns.map((c) => c.name)).toEqual(['b']);
    await expect(driftBetweenFiles(ref, cur, { columns: ['b', 'zzz'] })).rejects.toMatchObject({
      code: 'missing_column',
      message: expect.stringMatching(/zzz/),
    });
  });

  it('reads JSON Lines, and names the file that is empty or missing', async () => {
    const [ref, cur] = await files(
      range(20)
        .map((i) => JSON.stringify({ v: i / 4, t: i % 2 === 0 }))
        .join('\n'),
      range(20)
        .map((i) => JSON.stringify({ v: i / 4 + 100, t: true }))
        .join('\n'),
      'jsonl',
    );
    const report = await driftBetweenFiles(ref, cur);
    expect(report.columns.map((c) => [c.name, c.type])).toEqual([
      ['v', 'numeric'],
      ['t', 'categorical'],
    ]);
    const [empty] = await files('', 'a\n1\n');
    await expect(driftBetweenFiles(empty, cur)).rejects.toBeInstanceOf(BallastError);
    await expect(driftBetweenFiles(path.join(dir, 'nope.csv'), cur)).rejects.toMatchObject({ code: 'file_not_found' });
  });

  it('finds multivariate drift that no single column shows (a correlation that flips)', async () => {
    // a and b each take every value of -20..20 on both sides; only their relation changes.
    const rows = (sign: number) =>
      range(4000).map((i) => {
        const a = (i % 41) - 20;
        const noise = ((i * 7) % 5) - 2;
        return [a, sign * a + noise, (i * 13) % 17];
      });
    const [ref, cur] = await files(csv('a,b,c', rows(1)), csv('a,b,c', rows(-1)));
    const report = await driftBetweenFiles(ref, cur);
    expect(report.columns.filter((c) => c.name !== 'b').every((c) => !c.drifted)).toBe(true);
    expect(report.dataset.multivariate).toMatchObject({ method: 'pca_reconstruction', drifted: true });
    expect(report.dataset.drifted).toBe(true);
  });
});
