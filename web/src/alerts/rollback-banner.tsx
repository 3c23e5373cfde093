import { Link, ModelVersionLink, Time } from '../components/bits.tsx';
import type { AlertRollback } from './alert-revision.ts';

/** Says, first thing on a deployment's page, that an alert rule rolled it back, and where the incident is. */
export function RollbackBanner({ rollback }: { rollback: AlertRollback }) {
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
        <Link to={{ page: 'incidents' }}>See the incidents</Link> · <Link to={{ page: 'alerts' }}>alert rules</Link>
      </span>
    </div>
  );
}
