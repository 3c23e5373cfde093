/**
 * A model card's JSON form (`GET /v1/models/{name}/versions/{v}/card`, schema `ballast.card/v1`), with the
 * Model Card Toolkit's section names. The fields inside each section are the server's to choose
 * (docs/model-cards.md), so the page renders whatever a section holds and types only what it must
 * know: the sections, the missing notes, and the few fields it draws specially.
 */

/** A section's content: named values, each a scalar, a list or a nested record. */
export type CardRecord = Readonly<Record<string, unknown>>;

/** A section (or a field within one, `considerations.intended_use`) that had no data, and why, in words. */
export interface CardMissing {
  readonly section: string;
  readonly reason: string;
}

export interface ModelCard {
  readonly schema_version: string;
  readonly generated_at: string;
  readonly model_details: CardRecord;
  readonly considerations: CardRecord;
  readonly model_parameters: CardRecord;
  readonly quantitative_analysis: CardRecord;
  readonly explanations: CardRecord;
  readonly monitoring: CardRecord;
  readonly governance: CardRecord;
  readonly missing: readonly CardMissing[];
  /** Any section a later schema adds is rendered too. */
  readonly [section: string]: unknown;
}
