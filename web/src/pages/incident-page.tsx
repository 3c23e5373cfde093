import { useState } from 'preact/hooks';
import { useApi } from '../api/api-context.ts';
import type { IncidentAction, IncidentDetail } from '../api/alert-types.ts';
import { Section } from '../components/bits.tsx';
import { Page } from '../components/page.tsx';
import { ErrorPanel, Loading } from '../components/status.tsx';
import { useResource } from '../lib/use-resource.ts';
import { IncidentActions } from '../incidents/incident-actions.tsx';
import { IncidentFacts } from '../incidents/incident-facts.tsx';
import { IncidentTimeline } from '../incidents/incident-timeline.tsx';
import { NoteForm } from '../incidents/note-form.tsx';
import { PostmortemCard } from '../incidents/postmortem-card.tsx';
import '../incidents/incidents.css';

const DONE: Readonly<Record<IncidentAction['action'], string>> = {
  ack: 'Acknowledged.',
  mitigate: 'Marked mitigated.',
  resolve: 'Resolved.',
  notes: 'Note added.',
};

/** One incident: its record, its timeline, the status changes and notes operators make, and its postmortem. */
export function IncidentPage({ id, canAct }: { id: string; canAct: boolean }) {
  const api = useApi();
  const [loaded, reload] = useResource((signal) => api.incident(id, signal), [id]);
  // After an action the incident is read again and shown in place, without a loading flash.
  const [fresh, setFresh] = useState<IncidentDetail | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<Error | undefined>(undefined);
  const incident = fresh ?? (loaded.state === 'ready' ? loaded.data : undefined);

  async function run(what: string, call: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setDone(undefined);
    setFailure(undefined);
    try {
      await call();
      setFresh(await api.incident(id));
      setDone(what);
      return true;
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
      return false;
    } finally {
      setBusy(false);
    }
  }
  const act = (action: IncidentAction) => run(DONE[action.action], () => api.actOnIncident(id, action));

  return (
    <Page
      title={incident ? incident.title : `Incident ${id}`}
      crumbs={[{ label: 'Incidents', to: { page: 'incidents' } }]}
      meta={incident && <span class="mono">{incident.id}</span>}
    >
      {incident === undefined && loaded.state === 'loading' && <Loading what={`incident ${id}`} />}
      {incident === undefined && loaded.state === 'error' && <ErrorPanel error={loaded.error} onRetry={reload} />}
      {incident && (
        <>
          <Section title="Incident" id="incident-facts">
            <IncidentFacts incident={incident} nowMs={Date.now()} />
            <div class="incident-controls">
              {canAct ? (
                <IncidentActions status={incident.status} busy={busy} onAct={(action) => void act(action)} />
              ) : (
                <p class="muted">Operators acknowledge, mitigate and resolve incidents; this token is read-only.</p>
              )}
              <p class="incident-controls__done" role="status" aria-live="polite" data-testid="incident-done">
                {done}
              </p>
              {failure && <ErrorPanel error={failure} />}
            </div>
          </Section>
          <Section title="Timeline" id="incident-timeline-title">
            <IncidentTimeline entries={incident.timeline} />
            {canAct && <NoteForm busy={busy} onNote={(text) => act({ action: 'notes', text })} />}
          </Section>
          <PostmortemCard
            incidentId={incident.id}
            postmortem={incident.postmortem}
            canDraft={canAct}
            busy={busy}
            onDraft={() => void run('Postmortem drafted.', () => api.draftPostmortem(id))}
          />
        </>
      )}
    </Page>
  );
}
