import { describe, expect, it } from 'vitest';
import { BallastError } from '../errors.ts';
import { enrichRows, requestKeys, type EnrichmentPlan, type OnlineValues } from './enrich-rows.ts';

const plan: EnrichmentPlan = {
  featureSetVersion: 2,
  entityKey: 'customer_id',
  onMissing: 'missing',
  refs: ['tx:spend_7d', 'tx:n_tx_7d', 'profile:segment'],
  views: [
    { view: 'tx', features: ['spend_7d', 'n_tx_7d'] },
    { view: 'profile', features: ['segment'] },
  ],
  onDemand: [],
};

const T1 = '2026-01-01T00:00:00.000Z';
const T2 = '2026-01-02T00:00:00.000Z';
const read = new Map<string, Map<string, OnlineValues>>([
  [
    'tx',
    new Map([
      ['42', { values: { spend_7d: 12.5, n_tx_7d: 3 }, eventTime: T1 }],
      ['7', { values: { spend_7d: null, n_tx_7d: 1 }, eventTime: T2 }],
    ]),
  ],
  ['profile', new Map([['42', { values: { segment: 'gold' }, eventTime: T2 }]])],
]);

function caught(run: () => unknown): BallastError {
  try {
    run();
  } catch (error) {
    if (error instanceof BallastError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe('requestKeys', () => {
  it('reads each key once in the store text form (42 and "42" are one key)', () => {
    const { keys, rowKeys } = requestKeys(plan, [{ customer_id: 42 }, { customer_id: '42' }, { customer_id: ' 7 ' }]);
    expect(keys).toEqual(['42', '7']);
    expect(rowKeys).toEqual(['42', '42', '7']);
  });

  it('refuses rows without their key with missing_entity, naming each row', () => {
    const error = caught(() => requestKeys(plan, [{ customer_id: 1 }, { other: 1 }, { customer_id: '' }, { customer_id: { nested: 1 } }]));
    expect(error.code).toBe('missing_entity');
    expect(error.issues.map((issue) => issue.path)).toEqual([
      ['instances', 1, 'customer_id'],
      ['instances', 2, 'customer_id'],
      ['instances', 3, 'customer_id'],
    ]);
  });

  it('leaves a row that is not an object to the instance reader', () => {
    expect(requestKeys(plan, [7]).rowKeys).toEqual([null]);
  });
});

describe('enrichRows', () => {
  it('completes rows from each view, records event times, and keeps what the request carries', () => {
    const rows = [
      { customer_id: 42, amount: 5 },
      { customer_id: '7', n_tx_7d: 9, spend_7d: null },
    ];
    const { rowKeys } = requestKeys(plan, rows);
    const out = enrichRows(plan, rows, rowKeys, read);
    expect(out.rows).toEqual([
      { customer_id: 42, amount: 5, spend_7d: 12.5, n_tx_7d: 3, segment: 'gold' },
      { customer_id: '7', n_tx_7d: 9, spend_7d: null, segment: null },
    ]);
    expect(out.records).toEqual([
      { featureSetVersion: 2, entityKey: 'customer_id', key: '42', features: plan.refs, eventTimes: { tx: T1, profile: T2 } },
      {
        featureSetVersion: 2,
        entityKey: 'customer_id',
        key: '7',
        features: plan.refs,
        eventTimes: { tx: T2, profile: null },
        fromRequest: ['n_tx_7d'],
      },
    ]);
    // The request's objects are left as they were.
    expect(rows[0]).toEqual({ customer_id: 42, amount: 5 });
  });

  it('rejects an entity a view lacks when the deployment says so, naming the row, key and view', () => {
    const rows = [{ customer_id: 42 }, { customer_id: 7 }];
    const error = caught(() => enrichRows({ ...plan, onMissing: 'reject' }, rows, requestKeys(plan, rows).rowKeys, read));
    expect(error.code).toBe('missing_entity');
    expect(error.issues).toEqual([
      { code: 'missing', path: ['instances', 1, 'customer_id'], message: 'the online store has no values of view "profile" for key "7"' },
    ]);
  });

  it('computes on-demand features from the completed row, unless the request carries them', () => {
    const withRatio: EnrichmentPlan = {
      ...plan,
      refs: [...plan.refs, 'on_demand:avg_tx'],
      onDemand: ['avg_tx'],
      computeOnDemand: (get) => ({ avg_tx: (get('spend_7d') as number) / (get('n_tx_7d') as number) }),
    };
    const rows = [{ customer_id: 42 }, { customer_id: 42, avg_tx: 1 }];
    const out = enrichRows(withRatio, rows, requestKeys(plan, rows).rowKeys, read);
    expect((out.rows[0] as { avg_tx: number }).avg_tx).toBeCloseTo(12.5 / 3, 12);
    expect((out.rows[1] as { avg_tx: number }).avg_tx).toBe(1);
    expect(out.records[1]!.fromRequest).toEqual(['avg_tx']);
  });
});
