import { useApi } from '../api/api-context.ts';
import { useResource } from '../lib/use-resource.ts';
import { overdueBadgeLabel } from './governance-wording.ts';

/**
 * The navigation's count of overdue periodic reviews, beside "Approvals". Read once per page (the
 * shell re-renders on navigation); nothing is shown when none is overdue or the count cannot be read.
 */
export function OverdueReviewsBadge({ refresh }: { refresh: string }) {
  const api = useApi();
  const [overdue] = useResource((signal) => api.reviewsDue({ overdue: true }, signal), [refresh]);
  if (overdue.state !== 'ready' || overdue.data.reviews.length === 0) return null;
  const count = overdue.data.reviews.length;
  return (
    <span class="chip chip--bad nav__badge" title={overdueBadgeLabel(count)} data-testid="overdue-badge">
      <span aria-hidden="true">{count}</span>
      {/* The link's name stays "Approvals, N overdue": not the word "reviews", which names another link. */}
      <span class="visually-hidden">, {count} overdue</span>
    </span>
  );
}
