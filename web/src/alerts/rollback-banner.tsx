import { useApi } from '../api/api-context.ts';
import { Link, ModelVersionLink, Time } from '../components/bits.tsx';
import { formatNumber } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';
import type { AlertRollback } from './alert-revision.ts';
import { attemptBehind } from './alert-revision.ts';

/** Says, first thing on a deployment's page, that an alert rule rolled it back, why, and where the incident is. */
export function RollbackBanner({ deployment, rollback }: { deployment: string; rollback: AlertRollback }) {
  return (
    <div class="verdict verdict--warnings rollback-banner" role="status" data-testid="rollback-banner">
      <strong class="verdict__headline">Rolled back by an alert</strong>
      <span>
        Rule <span class="mono">{rollback.rule}</span> rolled this deployment back at <Time iso={rollback.at} /> (revision{' '}
        {rollback.revision})
        {rollback.from && (
          <>
            {' '}
            from <ModelVersionLink name={rollback.from.name} version={rollback.from.version} />
          </>
        )}{' '}
        to <ModelVersionLink name={rollback.to.name} version={rollback.to.version} />.{' '}
        <RollbackWhy deployment={deployment} rollback={rollback} />
        <Link to={{ page: 'incidents' }}>See the incidents</Link> · <Link to={{ page: 'alerts' }}>alert rules</Link>
      </span>
    </div>
  );
}

/**
 * The signal and value that triggered it, from the recorded attempt. The banner stands on the
 * deployment's history alone, so when the attempts cannot be read this adds nothing rather than an error.
 */
function RollbackWhy({ deployment, rollback }: { deployment: string; rollback: AlertRollback }) {
  const api = useApi();
  const [attempts] = useResource((signal) => api.rollbacks(deployment, signal), [deployment]);
  const attempt = attempts.state === 'ready' ? attemptBehind(rollback, attempts.data.rollbacks) : undefined;
  if (attempt === undefined) return null;
  return (
    <span data-testid="rollback-why">
      <span class="mono">{attempt.signal}</span> was {attempt.value === null ? 'without data' : formatNumber(attempt.value)}
      {attempt.threshold !== null && <> (threshold {formatNumber(attempt.threshold)})</>}
      {attempt.reason !== '' && <>: {attempt.reason}</>}.{' '}
    </span>
  );
}
