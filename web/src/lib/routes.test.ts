import { describe, expect, it } from 'vitest';
import type { Route } from './routes.ts';
import { hrefFor, parseRoute, sectionOf } from './routes.ts';

describe('parseRoute', () => {
  it('opens the overview on an empty hash, and the models list at #/models', () => {
    expect(parseRoute('')).toEqual({ page: 'home' });
    expect(parseRoute('#/')).toEqual({ page: 'home' });
    expect(parseRoute('#/models')).toEqual({ page: 'models' });
  });

  it('reads every page with its parameters', () => {
    expect(parseRoute('#/models/credit')).toEqual({ page: 'model', name: 'credit' });
    expect(parseRoute('#/models/credit/versions/3')).toEqual({ page: 'version', name: 'credit', version: 3 });
    expect(parseRoute('#/models/credit/versions/3/contract')).toEqual({ page: 'contract', name: 'credit', version: 3 });
    expect(parseRoute('#/models/credit/versions/3/card')).toEqual({ page: 'card', name: 'credit', version: 3 });
    expect(parseRoute('#/deployments')).toEqual({ page: 'deployments' });
    expect(parseRoute('#/deployments/credit-eu')).toEqual({ page: 'deployment', name: 'credit-eu' });
    expect(parseRoute('#/deployments/credit-eu/monitoring')).toEqual({ page: 'monitoring', name: 'credit-eu' });
    expect(parseRoute('#/deployments/credit-eu/performance')).toEqual({ page: 'performance', name: 'credit-eu' });
    expect(parseRoute('#/deployments/credit-eu/rollout')).toEqual({ page: 'rollout', name: 'credit-eu' });
    expect(parseRoute('#/predictions')).toEqual({ page: 'predictions' });
    expect(parseRoute('#/predictions?deployment=credit')).toEqual({ page: 'predictions', deployment: 'credit' });
    expect(parseRoute('#/predictions/01J0ABC')).toEqual({ page: 'prediction', id: '01J0ABC' });
    expect(parseRoute('#/alerts')).toEqual({ page: 'alerts' });
    expect(parseRoute('#/incidents')).toEqual({ page: 'incidents' });
    expect(parseRoute('#/incidents?status=acknowledged')).toEqual({ page: 'incidents', status: 'acknowledged' });
    expect(parseRoute('#/incidents/01JINC')).toEqual({ page: 'incident', id: '01JINC' });
    expect(parseRoute('#/pipelines')).toEqual({ page: 'pipelines' });
    expect(parseRoute('#/pipelines/01JRUN')).toEqual({ page: 'pipeline-run', id: '01JRUN' });
    expect(parseRoute('#/pipelines/01JRUN/steps').page).toBe('not-found');
    expect(parseRoute('#/features')).toEqual({ page: 'features' });
    expect(parseRoute('#/features/bureau').page).toBe('not-found');
  });

  it('reads the approvals page and its status filter, dropping an unknown status', () => {
    expect(parseRoute('#/approvals')).toEqual({ page: 'approvals' });
    expect(parseRoute('#/approvals?status=rejected')).toEqual({ page: 'approvals', status: 'rejected' });
    expect(parseRoute('#/approvals?status=maybe')).toEqual({ page: 'approvals' });
    expect(parseRoute('#/approvals/a1').page).toBe('not-found');
  });

  it('lists every incident when the status filter is not one of the statuses', () => {
    expect(parseRoute('#/incidents?status=closed')).toEqual({ page: 'incidents' });
    expect(parseRoute('#/incidents?status=')).toEqual({ page: 'incidents' });
  });

  it('decodes names that needed encoding', () => {
    expect(parseRoute('#/models/credit%2Frisk%20v2')).toEqual({ page: 'model', name: 'credit/risk v2' });
  });

  it('answers not-found for unknown paths, bad versions and broken encodings', () => {
    for (const hash of [
      '#/nope',
      '#/models/credit/versions/0',
      '#/models/credit/versions/x',
      '#/models/credit/extra',
      '#/deployments/a/b',
      '#/predictions/a/b',
      '#/models/%E0%A4%A',
      '#/models/a/versions/1/more',
      '#/models/a/versions/x/contract',
      '#/models/a/versions/1/contract/x',
      '#/models/a/versions/1/card/x',
      '#/models/a/versions/1/cards',
      '#/deployments/a/b/card',
      '#/deployments/a/b/contract',
      '#/models/a/contract/1/contract',
      '#/deployments/a/monitoring/x',
      '#/deployments/a/monitor',
      '#/deployments/a/performance/x',
      '#/deployments/a/rollout/x',
      '#/alerts/x',
      '#/incidents/a/b',
    ]) {
      expect(parseRoute(hash).page, hash).toBe('not-found');
    }
  });
});

describe('hrefFor', () => {
  it('is the inverse of parseRoute for every page', () => {
    const routes: Route[] = [
      { page: 'home' },
      { page: 'models' },
      { page: 'model', name: 'credit/risk v2' },
      { page: 'version', name: 'credit', version: 12 },
      { page: 'contract', name: 'credit/risk v2', version: 3 },
      { page: 'card', name: 'credit/risk v2', version: 4 },
      { page: 'deployments' },
      { page: 'deployment', name: 'credit&eu' },
      { page: 'monitoring', name: 'credit/eu 2' },
      { page: 'performance', name: 'credit/eu 2' },
      { page: 'rollout', name: 'credit/eu 2' },
      { page: 'predictions' },
      { page: 'predictions', deployment: 'a b&c' },
      { page: 'prediction', id: '01J0ABC' },
      { page: 'alerts' },
      { page: 'incidents' },
      { page: 'incidents', status: 'resolved' },
      { page: 'incident', id: 'inc/1 2' },
      { page: 'approvals' },
      { page: 'approvals', status: 'approved' },
      { page: 'features' },
      { page: 'pipelines' },
      { page: 'pipeline-run', id: 'run/1 2' },
    ];
    for (const route of routes) expect(parseRoute(hrefFor(route))).toEqual(route);
  });

  it('puts each page in its navigation section', () => {
    expect(sectionOf({ page: 'home' })).toBe('home');
    expect(sectionOf({ page: 'version', name: 'credit', version: 1 })).toBe('models');
    expect(sectionOf({ page: 'contract', name: 'credit', version: 1 })).toBe('models');
    expect(sectionOf({ page: 'card', name: 'credit', version: 1 })).toBe('models');
    expect(sectionOf({ page: 'deployment', name: 'credit' })).toBe('deployments');
    expect(sectionOf({ page: 'monitoring', name: 'credit' })).toBe('deployments');
    expect(sectionOf({ page: 'performance', name: 'credit' })).toBe('deployments');
    expect(sectionOf({ page: 'rollout', name: 'credit' })).toBe('deployments');
    expect(sectionOf({ page: 'prediction', id: 'x' })).toBe('predictions');
    expect(sectionOf({ page: 'alerts' })).toBe('alerts');
    expect(sectionOf({ page: 'incidents', status: 'open' })).toBe('incidents');
    expect(sectionOf({ page: 'incident', id: 'x' })).toBe('incidents');
    expect(sectionOf({ page: 'approvals', status: 'pending' })).toBe('approvals');
    expect(sectionOf({ page: 'pipeline-run', id: 'x' })).toBe('pipelines');
    expect(sectionOf({ page: 'features' })).toBe('features');
    expect(sectionOf({ page: 'not-found', path: '/x' })).toBeUndefined();
  });
});
