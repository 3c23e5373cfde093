import { useApi } from '../api/api-context.ts';
import type { AlertRules } from '../api/alert-types.ts';
import { Chip, Link, Section } from '../components/bits.tsx';
import { Page } from '../components/page.tsx';
import { Empty, ErrorPanel, Loading } from '../components/status.tsx';
import { plural } from '../lib/format.ts';
import { useResource } from '../lib/use-resource.ts';
import { ReceiversTable } from '../alerts/receivers-table.tsx';
import { RulesTable } from '../alerts/rules-table.tsx';
import { SilencesTable } from '../alerts/silences-table.tsx';
import '../alerts/alerts.css';

/** Alert rules with their state, the silences, and where notifications go. Rules and silences load apart, so one failing leaves the other. */
export function AlertsPage() {
  const api = useApi();
  const [rules, reloadRules] = useResource((signal) => api.alertRules(signal), []);
  const [silences, reloadSilences] = useResource((signal) => api.silences(signal), []);
  return (
    <Page
      title="Alerts"
      meta={
        <>
          {rules.state === 'ready' && <StateCounts data={rules.data} />}
          <Link to={{ page: 'incidents', status: 'open' }}>Open incidents</Link>
        </>
      }
    >
      <Section title="Rules" id="alert-rules-title">
        {rules.state === 'loading' && <Loading what="alert rules" />}
        {rules.state === 'error' && <ErrorPanel error={rules.error} onRetry={reloadRules} />}
        {rules.state === 'ready' &&
          (rules.data.rules.length === 0 ? (
            <Empty>
              <span data-testid="no-rules">
                No alert rules yet. Write a <code>ballast.alerts/v1</code> file and apply it with{' '}
                <code>ballast alerts apply rules.yaml</code>.
              </span>
            </Empty>
          ) : (
            <RulesTable rules={rules.data.rules} />
          ))}
      </Section>
      <Section title="Silences" id="alert-silences-title">
        {silences.state === 'loading' && <Loading what="silences" />}
        {silences.state === 'error' && <ErrorPanel error={silences.error} onRetry={reloadSilences} />}
        {silences.state === 'ready' &&
          (silences.data.silences.length === 0 ? (
            <Empty>
              <span data-testid="no-silences">
                No silences. Mute a rule for a while with <code>ballast alerts silence RULE --for 2h --reason …</code>.
              </span>
            </Empty>
          ) : (
            <SilencesTable silences={silences.data.silences} />
          ))}
      </Section>
      <Section title="Receivers" id="alert-receivers-title">
        {rules.state === 'loading' && <Loading what="receivers" />}
        {rules.state === 'ready' &&
          (rules.data.receivers.length === 0 ? (
            <Empty>
              <span data-testid="no-receivers">
                No receivers: rules change state here but notify no one. An admin adds them to the rules file.
              </span>
            </Empty>
          ) : (
            <ReceiversTable receivers={rules.data.receivers} />
          ))}
      </Section>
    </Page>
  );
}

function StateCounts({ data }: { data: AlertRules }) {
  const firing = data.rules.filter((r) => r.state.state === 'firing').length;
  const pending = data.rules.filter((r) => r.state.state === 'pending').length;
  return (
    <span data-testid="alert-counts">
      {plural(data.rules.length, 'rule')} <Chip tone={firing > 0 ? 'bad' : 'muted'}>{firing} firing</Chip>{' '}
      <Chip tone={pending > 0 ? 'warn' : 'muted'}>{pending} pending</Chip>
    </span>
  );
}
