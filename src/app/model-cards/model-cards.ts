import { canonicalJson } from '../../core/canonical-json.ts';
import { BallastError } from '../../core/errors.ts';
import type { ApprovalRecord } from '../../core/governance/governance-records.ts';
import { buildModelCard } from '../../core/model-cards/build-card.ts';
import { cardHtml } from '../../core/model-cards/card-html.ts';
import { cardMarkdown } from '../../core/model-cards/card-markdown.ts';
import type { StoredModelCard } from '../../core/model-cards/card-records.ts';
import type { ModelCard } from '../../core/model-cards/model-card.ts';
import { sha256Hex } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { resolveModelRef, type ResolvedVersion } from '../resolve-model.ts';
import { gatherCardFacts, type CardSources } from './gather-card-facts.ts';

export const CARD_FORMATS = ['json', 'md', 'html'] as const;
export type CardFormat = (typeof CARD_FORMATS)[number];

/** The card of a version (`MODEL:V`, `MODEL@alias`, `MODEL`) as it stands now. */
export async function modelCard(ctx: AppContext, ref: string, sources: CardSources = {}): Promise<ModelCard> {
  return cardOf(ctx, await resolveModelRef(ctx.store, ref), sources);
}

async function cardOf(ctx: AppContext, resolved: ResolvedVersion, sources: CardSources): Promise<ModelCard> {
  return buildModelCard(await gatherCardFacts(ctx, resolved, sources));
}

/** Refuses a format that is not one of CARD_FORMATS (`invalid_argument`). */
export function checkCardFormat(format: string | undefined): CardFormat {
  const chosen = format ?? 'json';
  if (!(CARD_FORMATS as readonly string[]).includes(chosen))
    throw new BallastError('invalid_argument', `format "${chosen}" is not one of ${CARD_FORMATS.join(', ')}`, [
      { code: 'invalid_value', path: ['format'], message: `must be one of ${CARD_FORMATS.join(', ')}` },
    ]);
  return chosen as CardFormat;
}

/** The card as text in a format: JSON (indented, with a final newline), Markdown or self-contained HTML. */
export function renderCard(card: ModelCard, format: CardFormat): string {
  if (format === 'md') return cardMarkdown(card);
  if (format === 'html') return cardHtml(card);
  return `${JSON.stringify(card, null, 2)}\n`;
}

/**
 * Keeps the card as it stands right after an approval was decided, linked to the approval, with the
 * SHA-256 of its canonical JSON (src/core/canonical-json.ts) so the copy can be shown unchanged later.
 */
export async function storeApprovalCard(ctx: AppContext, approval: ApprovalRecord, sources: CardSources = {}): Promise<StoredModelCard> {
  const model = await ctx.store.models.findByName(approval.modelName);
  const version = await ctx.store.versions.findById(approval.versionId);
  if (model === undefined || version === undefined)
    throw new BallastError('version_not_found', `the version of approval ${approval.id} is no longer registered`);
  const card = await cardOf(ctx, { model, version }, sources);
  const stored: StoredModelCard = {
    id: ctx.newId(),
    versionId: version.id,
    approvalId: approval.id,
    card,
    sha256: sha256Hex(canonicalJson(card)),
    createdBy: ctx.actor,
    createdAt: ctx.clock().toISOString(),
  };
  await ctx.store.modelCards.insertCard(stored);
  return stored;
}

export async function findStoredCard(ctx: Pick<AppContext, 'store'>, id: string): Promise<StoredModelCard> {
  const card = await ctx.store.modelCards.findCard(id);
  if (card === undefined) throw new BallastError('card_not_found', `no stored model card with id "${id}"`);
  return card;
}

/** A stored copy on the wire (`GET /v1/model-cards/{id}`). */
export function storedCardView(card: StoredModelCard) {
  return {
    id: card.id,
    version_id: card.versionId,
    approval_id: card.approvalId,
    sha256: card.sha256,
    created_by: card.createdBy,
    created_at: card.createdAt,
    card: card.card,
  };
}
