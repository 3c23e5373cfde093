import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useApi } from '../api/api-context.ts';
import type { ActiveRollout, RolloutStatus, RolloutVerb } from '../api/rollout-types.ts';
import { Chip, Fields, ModelVersionLink, Section, Time } from '../components/bits.tsx';
import { Page } from '../components/page.tsx';
import { Empty, ErrorPanel, Loading } from '../components/status.tsx';
import { useResource } from '../lib/use-resource.ts';
import { AbComparison } from './ab-comparison.tsx';
import { RolloutAnalyses } from './rollout-analyses.tsx';
import { RolloutControls } from './rollout-controls.tsx';
import { RolloutHistory } from './rollout-history.tsx';
import { RolloutSteps } from './rollout-steps.tsx';
import { durationText, STRATEGY_LABELS, VERB_LABELS } from './rollout-wording.ts';
import { ShadowSummary } from './shadow-summary.tsx';
import './rollouts.css';

const STATUS_TONE = { progressing: 'accent', paused: 'warn', ready: 'neutral', switched: 'good' } as const;

/**
 * A deployment's rollout: what runs (strategy, status, candidate against stable, the steps and when
 * the current one ends), the gate's analyses per step, the A/B comparison or the shadow report where
 * they apply, past rollouts, and for operators the verbs that fit the status.
 */
export function RolloutPage({ name, canAct }: { name: string; canAct: boolean }) {
  const api = useApi();
  const [loaded, reload] = useResource((signal) => api.rollout(name, signal), [name]);
  // After a verb the answer (the new status) is shown in place, without a loading flash.
  const [fresh, setFresh] = useState<RolloutStatus | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<Error | undefined>(undefined);
  const status = fresh ?? (loaded.state === 'ready' ? loaded.data : undefined);

  async function act(verb: RolloutVerb, reason: string): Promise<boolean> {
    setBusy(true);
    setDone(undefined);
    setFailure(undefined);
    try {
      const answer = await api.actOnRollout(name, verb, reason);
      setFresh({ ...answer, analyses: answer.analyses ?? status?.analyses });
      setDone(`${VERB_LABELS[verb]}: done.`);
      return true;
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
      return false;
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page
      title={`Rollout of ${name}`}
      crumbs={[
        { label: 'Deployments', to: { page: 'deployments' } },
        { label: name, to: { page: 'deployment', name } },
      ]}
      meta={status && <Chip tone="muted">revision {status.revision}</Chip>}
    >
      {status === undefined && loaded.state === 'loading' && <Loading what={`the rollout of ${name}`} />}
      {status === undefined && loaded.state === 'error' && <ErrorPanel error={loaded.error} onRetry={reload} />}
      {status && (
        <>
          <Section title="Rollout" id="rollout-summary">
            {status.rollout === null ? (
              <Empty>
                No rollout is running; <ModelVersionLink name={status.stable.name} version={status.stable.version} /> answers all traffic.
                Start one with <code>ballast rollout start {name} --to MODEL_REF --strategy canary</code>.
              </Empty>
            ) : (
              <RolloutSummary rollout={status.rollout} status={status} />
            )}
            {status.rollout !== null && (
              <div class="rollout-controls">
                {canAct ? (
                  <RolloutControls
                    rollout={status.rollout}
                    stable={`${status.stable.name}:${status.stable.version}`}
                    busy={busy}
                    onAct={act}
                  />
                ) : (
                  <p class="muted">Operators pause, resume, promote, abort, switch and roll back rollouts; this token is read-only.</p>
                )}
                <p class="rollout-controls__done" role="status" aria-live="polite" data-testid="rollout-done">
                  {done}
                </p>
                {failure && <ErrorPanel error={failure} />}
              </div>
            )}
          </Section>
          {status.rollout?.strategy === 'canary' && (
            <Section title="Steps" id="rollout-steps-title">
              <RolloutSteps rollout={status.rollout} nowMs={Date.now()} />
            </Section>
          )}
          {status.rollout !== null && status.rollout.strategy !== 'blue-green' && (
            <Section title="Gate analyses" id="rollout-analyses-title">
              <RolloutAnalyses analyses={(status.analyses ?? []).filter((a) => a.rollout_id === status.rollout!.id)} />
            </Section>
          )}
          {status.rollout?.strategy === 'ab' && <AbComparison deployment={name} />}
          <ShadowSummary deployment={name} />
          <Section title="History" id="rollout-history-title">
            <RolloutHistory history={status.history} />
          </Section>
        </>
      )}
    </Page>
  );
}

function RolloutSummary({ rollout, status }: { rollout: ActiveRollout; status: RolloutStatus }) {
  const sticky = rollout.sticky_key === null ? 'none: each request at random' : `${rollout.sticky_key.kind} ${rollout.sticky_key.name}`;
  const items: [string, ComponentChildren][] = [
    ['Strategy', <span data-testid="rollout-strategy">{STRATEGY_LABELS[rollout.strategy]}</span>],
    [
      'Status',
      <Chip tone={STATUS_TONE[rollout.status]}>
        <span data-testid="rollout-status">{rollout.status}</span>
      </Chip>,
    ],
    ['Stable', <ModelVersionLink name={status.stable.name} version={status.stable.version} />],
    [
      'Candidate',
      <>
        <ModelVersionLink name={rollout.candidate.name} version={rollout.candidate.version} />{' '}
        {rollout.strategy !== 'blue-green' && <span data-testid="rollout-weight">{rollout.weight}% of traffic</span>}
      </>,
    ],
    ['Sticky key', <span class="mono">{sticky}</span>],
    [
      'Gate rules',
      rollout.gate_rules.length === 0 ? (
        <span class="muted">built-in checks only</span>
      ) : (
        <span class="mono">{rollout.gate_rules.join(', ')}</span>
      ),
    ],
    [
      'Started',
      <>
        <Time iso={rollout.started_at} /> by {rollout.started_by}
      </>,
    ],
  ];
  if (rollout.strategy === 'blue-green') {
    items.push(['Keeps blue loaded', <span>{durationText(rollout.keep_previous_ms)} after the switch</span>]);
    if (rollout.switched_at !== null)
      items.push([
        'Switched',
        <>
          <Time iso={rollout.switched_at} />
          {rollout.previous && (
            <>
              {' '}
              from <ModelVersionLink name={rollout.previous.name} version={rollout.previous.version} />
            </>
          )}
        </>,
      ]);
  }
  return <Fields items={items} />;
}
