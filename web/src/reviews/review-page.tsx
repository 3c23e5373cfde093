import { useState } from 'preact/hooks';
import { useApi } from '../api/api-context.ts';
import { ApiError } from '../api/client.ts';
import type { ReviewDecisionInput, ReviewItem } from '../api/review-types.ts';
import type { Signature } from '../api/types.ts';
import { Chip, Fields, Link, ModelVersionLink, Section, Time } from '../components/bits.tsx';
import { Page } from '../components/page.tsx';
import { ErrorPanel, Loading } from '../components/status.tsx';
import { formatNumber } from '../lib/format.ts';
import { hrefFor } from '../lib/routes.ts';
import { useResource } from '../lib/use-resource.ts';
import { announceDecision, takeDecisionNotice } from './decision-notice.ts';
import { DecisionForm } from './decision-form.tsx';
import { ReviewInputs } from './review-inputs.tsx';
import { ReviewScores } from './review-output.tsx';
import type { ReviewQueue } from './review-route.ts';
import { decisionChoices, fallbackText } from './review-wording.ts';
import './reviews.css';

/** An item with the signature of the version that scored it (feature order, class names); the signature is optional. */
interface Loaded {
  readonly item: ReviewItem;
  readonly signature: Signature | undefined;
}

/**
 * One held prediction: why it was held, its inputs with the flagged values, the model's scores, the
 * fallback its caller got, and the decision — a form for reviewers while it is pending, who decided
 * what and when once it is decided. After a decision the reviewer moves on to the next pending item
 * of the same queue.
 */
export function ReviewPage({ id, queue, canDecide }: { id: string; queue: ReviewQueue; canDecide: boolean }) {
  const api = useApi();
  const [loaded, reload] = useResource(
    async (signal): Promise<Loaded> => {
      const item = await api.review(id, signal);
      const version = await api.version(item.model.name, item.model.version, signal).catch(() => undefined);
      return { item, signature: version?.version.signature };
    },
    [id],
  );
  // After a decision the item is shown as the server answered it, without a loading flash.
  const [fresh, setFresh] = useState<ReviewItem | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | undefined>(() => takeDecisionNotice());
  const [failure, setFailure] = useState<Error | undefined>(undefined);
  const signature = loaded.state === 'ready' ? loaded.data.signature : undefined;
  const item = fresh ?? (loaded.state === 'ready' ? loaded.data.item : undefined);

  async function decide(decision: ReviewDecisionInput) {
    setBusy(true);
    setDone(undefined);
    setFailure(undefined);
    try {
      const decided = await api.decideReview(id, decision);
      const said = `Decided ${String(decided.decision?.label ?? decision.label)}.`;
      // Two, not one: a server that has not yet seen its own decision may still list this item first.
      const next = await api
        .reviews({ deployment: queue.deployment, status: 'pending', order: queue.order ?? 'oldest', limit: 2 })
        .then((list) => list.reviews.find((other) => other.id !== id && other.status === 'pending'))
        .catch(() => undefined);
      if (next) {
        announceDecision(`${said} Next pending item:`);
        window.location.hash = hrefFor({ page: 'review', id: next.id, queue });
        return;
      }
      setFresh(decided);
      setDone(`${said} Nothing else is pending in this queue.`);
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
      // Someone else decided it meanwhile: show their decision instead of the form.
      if (error instanceof ApiError && error.code === 'review_already_decided') {
        await api.review(id).then(setFresh, () => undefined);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page
      title={`Review ${id}`}
      crumbs={[{ label: 'Reviews', to: { page: 'reviews', queue } }]}
      meta={item && <Chip tone={item.status === 'pending' ? 'warn' : 'good'}>{item.status}</Chip>}
    >
      {item === undefined && loaded.state === 'loading' && <Loading what={`review ${id}`} />}
      {item === undefined && loaded.state === 'error' && <ErrorPanel error={loaded.error} onRetry={reload} />}
      {done && (
        <p class="notice review-done" role="status" data-testid="review-done">
          {done}
        </p>
      )}
      {item && (
        <div class="review-layout">
          <div class="review-layout__main">
            <Section title="Why it was held" id="review-facts">
              <Fields
                items={[
                  ['Reason', <span data-testid="review-reason">{item.reason}</span>],
                  ['Deployment', <Link to={{ page: 'deployment', name: item.deployment }}>{item.deployment}</Link>],
                  [
                    'Model version',
                    <>
                      <ModelVersionLink name={item.model.name} version={item.model.version} /> <Chip tone="muted">{item.role}</Chip>
                    </>,
                  ],
                  ['Caller got', <span data-testid="review-fallback">{fallbackText(item.fallback)}</span>],
                  ['Priority', <span class="mono">{formatNumber(item.priority)}</span>],
                  ['Held at', <Time iso={item.created_at} />],
                  [
                    'Prediction',
                    <Link to={{ page: 'prediction', id: item.prediction_id }}>
                      <span class="mono">{item.prediction_id}</span>
                    </Link>,
                  ],
                ]}
              />
            </Section>
            <ReviewInputs inputs={item.inputs} violations={item.violations} signature={signature} />
          </div>
          <div class="review-layout__side">
            <Section title="Model's scores" id="review-scores-title">
              <ReviewScores output={item.output} classes={item.classes ?? signature?.output.classes} />
            </Section>
            <Section title="Decision" id="review-decision-title">
              {item.decision ? (
                <div data-testid="review-decision">
                  <Fields
                    items={[
                      ['True label', <Chip tone="good">{String(item.decision.label)}</Chip>],
                      ['Decided by', item.decision.decided_by],
                      ['Decided at', <Time iso={item.decision.decided_at} />],
                      ['Note', item.decision.note ? <span class="wrap">{item.decision.note}</span> : <span class="muted">none</span>],
                    ]}
                  />
                </div>
              ) : canDecide ? (
                <DecisionForm
                  choices={decisionChoices(item, signature?.output.classes)}
                  modelLabel={'label' in item.output ? item.output.label : undefined}
                  busy={busy}
                  onDecide={(decision) => void decide(decision)}
                />
              ) : (
                <p class="muted review-read-only">Reviewers decide review items; this token is read-only.</p>
              )}
              {failure && <ErrorPanel error={failure} />}
            </Section>
          </div>
        </div>
      )}
    </Page>
  );
}
