import { parseActionItems } from '../../core/incidents/action-items.ts';
import { postmortemHtml } from '../../core/incidents/postmortem-html.ts';
import { postmortemMarkdown } from '../../core/incidents/postmortem-markdown.ts';
import { BallastError } from '../../core/errors.ts';
import type { StoredActionItem, StoredPostmortem } from '../../store/incident-repository.ts';
import { auditedTransaction } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { incidentTimeline } from './incident-timeline.ts';
import { getIncident } from './incidents.ts';
import { postmortemFacts } from './postmortem-facts.ts';

export const POSTMORTEM_FORMATS = ['md', 'html'] as const;
export type PostmortemFormat = (typeof POSTMORTEM_FORMATS)[number];

/** A postmortem as shown: its Markdown, or the HTML page made from it. */
export interface PostmortemView extends StoredPostmortem {
  readonly format: PostmortemFormat;
  readonly rendered: string;
}

const MAX_POSTMORTEM_CHARS = 1_000_000;

function view(postmortem: StoredPostmortem, format: PostmortemFormat, title: string): PostmortemView {
  return { ...postmortem, format, rendered: format === 'html' ? postmortemHtml(postmortem.text, `Postmortem: ${title}`) : postmortem.text };
}

async function save(ctx: AppContext, id: string, text: string, reviewed: boolean, action: string): Promise<StoredPostmortem> {
  return auditedTransaction(ctx, async (tx, audit) => {
    const previous = await tx.incidents.postmortem(id);
    const now = ctx.clock().toISOString();
    const postmortem: StoredPostmortem = {
      incidentId: id,
      text,
      reviewed,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
      updatedBy: ctx.actor,
    };
    const items = parseActionItems(text);
    await tx.incidents.savePostmortem(postmortem, items);
    await audit({ action, objectType: 'incident', objectId: id, details: { reviewed, action_items: items.length, chars: text.length } });
    return postmortem;
  });
}

/**
 * The incident's postmortem: the stored one, or a draft made from its timeline and the logs, stored
 * now (`redraft` replaces a stored one; it is refused once reviewed, so a reviewed text is never lost).
 */
export async function incidentPostmortem(
  ctx: AppContext,
  id: string,
  options: { format?: PostmortemFormat; redraft?: boolean } = {},
): Promise<PostmortemView> {
  const incident = await getIncident(ctx, id);
  const format = options.format ?? 'md';
  const stored = await ctx.store.incidents.postmortem(id);
  if (stored !== undefined && !options.redraft) return view(stored, format, incident.title);
  if (stored?.reviewed)
    throw new BallastError('conflict', `the postmortem of incident ${id} is reviewed; edit it with --edit instead of drafting it again`);
  const draft = postmortemMarkdown(await postmortemFacts(ctx, incident, await incidentTimeline(ctx, incident)));
  return view(await save(ctx, id, draft, false, 'incident.postmortem.draft'), format, incident.title);
}

/**
 * Stores an edited postmortem (Markdown) and, with `reviewed`, marks it reviewed; without a text,
 * marks the stored one reviewed. Its action items are read again from its checklist.
 */
export async function updatePostmortem(
  ctx: AppContext,
  id: string,
  change: { text?: string; reviewed?: boolean },
  format: PostmortemFormat = 'md',
): Promise<PostmortemView> {
  const incident = await getIncident(ctx, id);
  const stored = await ctx.store.incidents.postmortem(id);
  if (change.text === undefined && stored === undefined)
    throw new BallastError('invalid_argument', `incident ${id} has no postmortem yet; draft it first (ballast incidents postmortem ${id})`);
  if (change.text !== undefined && (change.text.trim() === '' || change.text.length > MAX_POSTMORTEM_CHARS))
    throw new BallastError('invalid_argument', `a postmortem needs text of 1 to ${MAX_POSTMORTEM_CHARS} characters`, [
      { code: change.text.trim() === '' ? 'missing' : 'too_big', path: ['text'], message: `1 to ${MAX_POSTMORTEM_CHARS} characters` },
    ]);
  const text = change.text ?? stored!.text;
  const reviewed = change.reviewed ?? (change.text === undefined ? stored!.reviewed : false);
  const action = change.text !== undefined ? 'incident.postmortem.edit' : 'incident.postmortem.review';
  return view(await save(ctx, id, text, reviewed, action), format, incident.title);
}

/** Action items of every stored postmortem (newest incident first); `open`: those not ticked. */
export async function listActionItems(ctx: Pick<AppContext, 'store'>, options: { open?: boolean } = {}): Promise<StoredActionItem[]> {
  return ctx.store.incidents.actionItems(options);
}
