import type { Postmortem } from '../api/alert-types.ts';
import { Chip, Section, Time } from '../components/bits.tsx';

/**
 * The incident's postmortem as stored, shown as its markdown text (never as HTML). Operators draft it from
 * the timeline; editing and review happen with the CLI, where the text lives in a file.
 */
export function PostmortemCard({
  incidentId,
  postmortem,
  canDraft,
  busy,
  onDraft,
}: {
  incidentId: string;
  postmortem: Postmortem | null;
  canDraft: boolean;
  busy: boolean;
  onDraft: () => void;
}) {
  return (
    <Section
      title="Postmortem"
      id="postmortem"
      actions={
        postmortem === null &&
        canDraft && (
          <button type="button" class="button button--small" disabled={busy} onClick={onDraft}>
            Draft postmortem
          </button>
        )
      }
    >
      {postmortem === null ? (
        <p class="empty" data-testid="no-postmortem">
          No postmortem yet. {canDraft ? 'Draft one from the timeline with the button above, or with ' : 'An operator drafts one with '}
          <code>ballast incidents postmortem {incidentId}</code>.
        </p>
      ) : (
        <div class="postmortem" data-testid="postmortem">
          <p class="postmortem__meta">
            {postmortem.reviewed ? <Chip tone="good">reviewed</Chip> : <Chip tone="warn">draft</Chip>} updated{' '}
            <Time iso={postmortem.updated_at} />
          </p>
          <p class="help">
            Edit it with <code>ballast incidents postmortem {incidentId} --edit FILE</code>
            {!postmortem.reviewed && (
              <>
                ; mark it reviewed with <code>ballast incidents postmortem {incidentId} --reviewed</code>
              </>
            )}
            .
          </p>
          <pre class="postmortem__text">{postmortem.text}</pre>
        </div>
      )}
    </Section>
  );
}
