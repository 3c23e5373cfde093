/** What people state about a version, entered with `ballast models annotate` (migration 0026). */
export interface VersionAnnotations {
  readonly versionId: string;
  readonly intendedUse: string | null;
  readonly outOfScope: readonly string[];
  readonly limitations: readonly string[];
  readonly updatedBy: string;
  readonly updatedAt: string;
}

/** A generated card kept as it stood, e.g. when an approval was decided. */
export interface StoredModelCard {
  readonly id: string;
  readonly versionId: string;
  /** The approval whose decision stored this copy; null for a copy stored by hand. */
  readonly approvalId: string | null;
  /** The card's JSON form (its wire shape). */
  readonly card: unknown;
  /** SHA-256 of the card's canonical JSON, so a copy can be shown unchanged. */
  readonly sha256: string;
  readonly createdBy: string;
  readonly createdAt: string;
}
