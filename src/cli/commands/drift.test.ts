import { describe, expect, it } from 'vitest';
import { assessCategoricalColumn } from '../../core/drift/categorical-column-drift.ts';
import { decideDrift } from '../../core/drift/decide-drift.ts';
import { byImportance, withImportanceRanks } from '../../app/monitoring/importance-ranks.ts';
import { formatDriftReport } from './drift.ts';

describe('formatDriftReport', () => {
  const column = (name: string, missing: [number, number]) =>
    assessCategoricalColumn({
      name,
      reference: new Map([
        ['yes', 5500 - missing[0]],
        ['no', 4500],
      ]),
      current: new Map([
        ['yes', 6750 - missing[1]],
        ['no', 3250],
      ]),
      missingReference: missing[0],
      missingCurrent: missing[1],
    });

  it('shows total variation beside Jensen–Shannon for categories, and lists columns whose missing share changed', () => {
    const text = formatDriftReport(decideDrift([column('repaid', [0, 0]), column('car_value', [1000, 1600])]));
    expect(text).toMatch(/\nrepaid +categorical +chi2 .* TV 0\.125 JS 0\.0909 +DRIFTED/);
    expect(text).toMatch(
      /\nmissing values changed in 1 column \(not part of the drift verdict\):\ncar_value +missing 10% → 16% \(\+6 points; z-test p \S+ after correction\): changed \(more values missing\)$/,
    );
  });
});

describe('formatDriftReport with importance ranks', () => {
  const column = (name: string, yes: number) =>
    assessCategoricalColumn({
      name,
      reference: new Map([
        ['yes', 5000],
        ['no', 5000],
      ]),
      current: new Map([
        ['yes', yes],
        ['no', 10_000 - yes],
      ]),
      missingReference: 0,
      missingCurrent: 0,
    });
  const report = withImportanceRanks(
    decideDrift([column('steady', 5000), column('moved', 7000), column('other', 5010)]),
    new Map([['steady', 1]]),
  );

  it('puts a rank before each column: drifted first by default, the most important first with --order importance', () => {
    const byDrift = formatDriftReport(report);
    expect(byDrift).toMatch(/\nrank {2}column +type/);
    expect(byDrift).toMatch(/\n {3}— {2}moved +categorical .*DRIFTED\n {3}1 {2}steady +categorical .* ok\n/);
    const ordered = formatDriftReport({ ...report, columns: [...report.columns].sort(byImportance) }, 'importance');
    expect(ordered).toMatch(/\n {3}1 {2}steady .*\n {3}— {2}moved .*\n {3}— {2}other /);
  });
});
