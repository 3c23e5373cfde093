import type { IncidentStatus } from '../api/alert-types.ts';
import { INCIDENT_STATUSES } from '../api/alert-types.ts';
import type { ApprovalStatus } from '../api/governance-types.ts';
import type { ReviewQueue } from '../reviews/review-route.ts';
import { parseReviewQueue, reviewQueueSearch } from '../reviews/review-route.ts';

/**
 * Hash routes (`#/models/credit`), so the server only ever serves index.html and a link can be
 * shared. Names are percent-encoded segments; anything unrecognised is a not-found page.
 */
export type Route =
  | { readonly page: 'home' }
  | { readonly page: 'models' }
  | { readonly page: 'model'; readonly name: string }
  | { readonly page: 'version'; readonly name: string; readonly version: number }
  | { readonly page: 'contract'; readonly name: string; readonly version: number }
  | { readonly page: 'card'; readonly name: string; readonly version: number }
  | { readonly page: 'deployments' }
  | { readonly page: 'deployment'; readonly name: string }
  | { readonly page: 'monitoring'; readonly name: string }
  | { readonly page: 'performance'; readonly name: string }
  | { readonly page: 'rollout'; readonly name: string }
  | { readonly page: 'predictions'; readonly deployment?: string }
  | { readonly page: 'prediction'; readonly id: string }
  | { readonly page: 'alerts' }
  | { readonly page: 'incidents'; readonly status?: IncidentStatus }
  | { readonly page: 'incident'; readonly id: string }
  | { readonly page: 'reviews'; readonly queue: ReviewQueue }
  | { readonly page: 'review'; readonly id: string; readonly queue: ReviewQueue }
  | { readonly page: 'approvals'; readonly status?: ApprovalStatus }
  | { readonly page: 'features' }
  | { readonly page: 'pipelines' }
  | { readonly page: 'pipeline-run'; readonly id: string }
  | { readonly page: 'not-found'; readonly path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const [pathname = '', search = ''] = path.split('?', 2);
  let parts: string[];
  try {
    parts = pathname
      .split('/')
      .filter((part) => part !== '')
      .map(decodeURIComponent);
  } catch {
    return { page: 'not-found', path };
  }
  const [section, name, sub, version, leaf, ...rest] = parts;
  if (rest.length > 0 || (leaf !== undefined && (section !== 'models' || (leaf !== 'contract' && leaf !== 'card'))))
    return { page: 'not-found', path };
  switch (section) {
    case undefined:
      return { page: 'home' };
    case 'models':
      if (name === undefined) return { page: 'models' };
      if (sub === undefined) return { page: 'model', name };
      if (sub === 'versions' && version !== undefined && /^[1-9]\d{0,8}$/.test(version)) {
        return { page: leaf ?? 'version', name, version: Number(version) };
      }
      return { page: 'not-found', path };
    case 'deployments':
      if (name !== undefined && (sub === 'monitoring' || sub === 'performance' || sub === 'rollout') && version === undefined)
        return { page: sub, name };
      if (sub !== undefined) return { page: 'not-found', path };
      return name === undefined ? { page: 'deployments' } : { page: 'deployment', name };
    case 'predictions': {
      if (sub !== undefined) return { page: 'not-found', path };
      if (name !== undefined) return { page: 'prediction', id: name };
      const deployment = new URLSearchParams(search).get('deployment');
      return deployment ? { page: 'predictions', deployment } : { page: 'predictions' };
    }
    case 'alerts':
      return name === undefined ? { page: 'alerts' } : { page: 'not-found', path };
    case 'incidents': {
      if (sub !== undefined) return { page: 'not-found', path };
      if (name !== undefined) return { page: 'incident', id: name };
      // An unknown status is dropped rather than a dead end: the list shows every incident.
      const status = new URLSearchParams(search).get('status');
      return INCIDENT_STATUSES.some((s) => s === status) ? { page: 'incidents', status: status as IncidentStatus } : { page: 'incidents' };
    }
    case 'reviews':
      if (sub !== undefined) return { page: 'not-found', path };
      return name === undefined
        ? { page: 'reviews', queue: parseReviewQueue(search) }
        : { page: 'review', id: name, queue: parseReviewQueue(search) };
    case 'approvals': {
      if (name !== undefined) return { page: 'not-found', path };
      // As for incidents, an unknown status is dropped: the page shows the pending ones.
      const status = new URLSearchParams(search).get('status');
      return APPROVAL_STATUSES.some((s) => s === status) ? { page: 'approvals', status: status as ApprovalStatus } : { page: 'approvals' };
    }
    case 'features':
      return name === undefined ? { page: 'features' } : { page: 'not-found', path };
    case 'pipelines':
      if (sub !== undefined) return { page: 'not-found', path };
      return name === undefined ? { page: 'pipelines' } : { page: 'pipeline-run', id: name };
    default:
      return { page: 'not-found', path };
  }
}

const APPROVAL_STATUSES: readonly ApprovalStatus[] = ['pending', 'approved', 'rejected'];

export function hrefFor(route: Route): string {
  const e = encodeURIComponent;
  switch (route.page) {
    case 'home':
      return '#/';
    case 'models':
      return '#/models';
    case 'model':
      return `#/models/${e(route.name)}`;
    case 'version':
      return `#/models/${e(route.name)}/versions/${route.version}`;
    case 'contract':
      return `#/models/${e(route.name)}/versions/${route.version}/contract`;
    case 'card':
      return `#/models/${e(route.name)}/versions/${route.version}/card`;
    case 'deployments':
      return '#/deployments';
    case 'deployment':
      return `#/deployments/${e(route.name)}`;
    case 'monitoring':
      return `#/deployments/${e(route.name)}/monitoring`;
    case 'performance':
      return `#/deployments/${e(route.name)}/performance`;
    case 'rollout':
      return `#/deployments/${e(route.name)}/rollout`;
    case 'predictions':
      return route.deployment ? `#/predictions?deployment=${e(route.deployment)}` : '#/predictions';
    case 'prediction':
      return `#/predictions/${e(route.id)}`;
    case 'alerts':
      return '#/alerts';
    case 'incidents':
      return route.status ? `#/incidents?status=${route.status}` : '#/incidents';
    case 'incident':
      return `#/incidents/${e(route.id)}`;
    case 'reviews':
      return `#/reviews${reviewQueueSearch(route.queue)}`;
    case 'review':
      return `#/reviews/${e(route.id)}${reviewQueueSearch(route.queue)}`;
    case 'approvals':
      return route.status ? `#/approvals?status=${route.status}` : '#/approvals';
    case 'features':
      return '#/features';
    case 'pipelines':
      return '#/pipelines';
    case 'pipeline-run':
      return `#/pipelines/${e(route.id)}`;
    case 'not-found':
      return `#${route.path}`;
  }
}

/** The section of the navigation a route belongs to. */
export function sectionOf(
  route: Route,
):
  | 'home'
  | 'models'
  | 'deployments'
  | 'predictions'
  | 'alerts'
  | 'incidents'
  | 'reviews'
  | 'approvals'
  | 'features'
  | 'pipelines'
  | undefined {
  switch (route.page) {
    case 'home':
      return 'home';
    case 'models':
    case 'model':
    case 'version':
    case 'contract':
    case 'card':
      return 'models';
    case 'deployments':
    case 'deployment':
    case 'monitoring':
    case 'performance':
    case 'rollout':
      return 'deployments';
    case 'predictions':
    case 'prediction':
      return 'predictions';
    case 'alerts':
      return 'alerts';
    case 'incidents':
    case 'incident':
      return 'incidents';
    case 'reviews':
    case 'review':
      return 'reviews';
    case 'approvals':
      return 'approvals';
    case 'features':
      return 'features';
    case 'pipelines':
    case 'pipeline-run':
      return 'pipelines';
    case 'not-found':
      return undefined;
  }
}
