import { describe, expect, it } from 'vitest';
import { readVotingCases, type VotingCaseName } from '../../../test/fixtures/ensembles/read-cases.ts';
import { combineClassifiers, combineRegressors, type MemberClassScores } from './combine-members.ts';

function argmax(values: readonly number[]): number {
  return values.reduce((best, v, i) => (v > values[best]! ? i : best), 0);
}

/** The fixture's members as the executor hands them over: flat probabilities and each member's own label. */
function membersOf(name: VotingCaseName): { members: MemberClassScores[]; rowCount: number; classCount: number } {
  const cases = readVotingCases(name);
  const members = cases.member_probabilities.map((rows) => ({
    probabilities: Float64Array.from(rows.flat()),
    labelIndex: Int32Array.from(rows, argmax),
  }));
  return { members, rowCount: cases.rows.length, classCount: cases.classes.length };
}

describe("combineClassifiers against scikit-learn's VotingClassifier over two XGBoost and one LightGBM model", () => {
  for (const name of ['binary', 'multiclass'] as const) {
    const cases = readVotingCases(name);
    const { members, rowCount, classCount } = membersOf(name);

    it(`${name}: mean is the soft vote, probabilities and labels`, () => {
      expect(cases.rows_where_members_disagree).toBeGreaterThan(10); // the fixture exercises disagreement
      const combined = combineClassifiers(members, { rowCount, classCount }, 'mean', null);
      const expected = cases.soft.probabilities.flat();
      for (let i = 0; i < expected.length; i++) expect(combined.probabilities[i]).toBeCloseTo(expected[i]!, 12);
      expect(Array.from(combined.labelIndex)).toEqual(cases.soft.labels);
    });

    it(`${name}: vote is the hard vote wherever a majority exists, and a tie goes to the higher mean probability`, () => {
      const combined = combineClassifiers(members, { rowCount, classCount }, 'vote', null);
      let ties = 0;
      for (let row = 0; row < rowCount; row++) {
        const labels = members.map((m) => m.labelIndex[row]!);
        const counts = labels.map((l) => labels.filter((x) => x === l).length);
        if (Math.max(...counts) > 1) expect(combined.labelIndex[row], `row ${row}`).toBe(cases.hard.labels[row]);
        else {
          // Three members, three labels: scikit-learn takes the lowest class; Ballast the soft vote's.
          ties++;
          expect(combined.labelIndex[row]).toBe(cases.soft.labels[row]);
        }
      }
      expect(ties).toBe(name === 'multiclass' ? 3 : 0);
    });

    it(`${name}: a row disagrees exactly where the members' labels differ`, () => {
      const combined = combineClassifiers(members, { rowCount, classCount }, 'mean', null);
      const differ = Array.from({ length: rowCount }, (_, row) => new Set(members.map((m) => m.labelIndex[row])).size > 1);
      expect(combined.disagreement).toEqual(differ);
      expect(differ.filter(Boolean)).toHaveLength(cases.rows_where_members_disagree);
    });
  }
});

describe('combineClassifiers by hand', () => {
  const two = (a: number[], b: number[], labels: [number, number]): MemberClassScores[] => [
    { probabilities: a, labelIndex: [labels[0]] },
    { probabilities: b, labelIndex: [labels[1]] },
  ];

  it('mean breaks an exact tie towards the lower class index', () => {
    const combined = combineClassifiers(two([0.3, 0.7], [0.7, 0.3], [1, 0]), { rowCount: 1, classCount: 2 }, 'mean', null);
    expect(Array.from(combined.probabilities)).toEqual([0.5, 0.5]);
    expect(combined.labelIndex[0]).toBe(0);
  });

  it('vote between two members breaks the tie by the mean probability, not by the class index', () => {
    const combined = combineClassifiers(two([0.45, 0.55], [0.9, 0.1], [1, 0]), { rowCount: 1, classCount: 2 }, 'vote', null);
    expect(combined.labelIndex[0]).toBe(0);
    const other = combineClassifiers(two([0.1, 0.9], [0.55, 0.45], [1, 0]), { rowCount: 1, classCount: 2 }, 'vote', null);
    expect(other.labelIndex[0]).toBe(1);
    expect(other.disagreement).toEqual([true]);
  });

  it("counts each member's own label, which need not be its argmax (a model with its own threshold)", () => {
    const three: MemberClassScores[] = [
      { probabilities: [0.6, 0.4], labelIndex: [1] },
      { probabilities: [0.6, 0.4], labelIndex: [1] },
      { probabilities: [0.9, 0.1], labelIndex: [1] },
    ];
    expect(combineClassifiers(three, { rowCount: 1, classCount: 2 }, 'vote', null).labelIndex[0]).toBe(1);
    expect(combineClassifiers(three, { rowCount: 1, classCount: 2 }, 'mean', null).labelIndex[0]).toBe(0);
  });

  it("flags a spread of the answered class's probability above maxSpread though the labels agree", () => {
    const members = two([0.1, 0.9, 0.3, 0.7], [0.35, 0.65, 0.35, 0.65], [1, 1]);
    members[0] = { ...members[0]!, labelIndex: [1, 1] };
    members[1] = { ...members[1]!, labelIndex: [1, 1] };
    // Row 0: 0.9 vs 0.65 spreads 0.25; row 1: 0.7 vs 0.65 spreads 0.05.
    expect(combineClassifiers(members, { rowCount: 2, classCount: 2 }, 'mean', 0.2).disagreement).toEqual([true, false]);
    expect(combineClassifiers(members, { rowCount: 2, classCount: 2 }, 'mean', null).disagreement).toEqual([false, false]);
    expect(combineClassifiers(members, { rowCount: 2, classCount: 2 }, 'mean', 0.25).disagreement).toEqual([false, false]);
  });
});

describe('combineRegressors', () => {
  it('averages the values and flags a spread above maxSpread', () => {
    const combined = combineRegressors(
      [
        [1, 10],
        [3, 10.5],
        [2, 9.5],
      ],
      2,
      'mean',
      1.5,
    );
    expect(Array.from(combined.values)).toEqual([2, 10]);
    expect(combined.disagreement).toEqual([true, false]);
    expect(combineRegressors([[1], [3]], 1, 'mean', null).disagreement).toEqual([false]);
  });

  it('refuses a vote', () => {
    expect(() => combineRegressors([[1], [2]], 1, 'vote', null)).toThrow(expect.objectContaining({ code: 'invalid_ensemble' }));
  });
});
