/**
 * A column of a version marked by hand (`ballast models mark`). Both kinds are masked alike; `pii`
 * says why (it identifies a person), which auditors and the docs distinguish.
 */
export type SensitiveKind = 'sensitive' | 'pii';

export interface SensitiveMark {
  readonly versionId: string;
  readonly column: string;
  readonly kind: SensitiveKind;
  readonly markedBy: string;
  readonly markedAt: string;
}

/** A column of the effective set and where its flag comes from. */
export interface SensitiveColumn {
  readonly column: string;
  readonly kind: SensitiveKind;
  readonly source: 'mark' | 'contract';
}

/**
 * The effective set: hand marks ∪ the contract's `sensitive: true` / `pii: true` columns. A column in
 * both keeps its mark's kind (the later, deliberate decision); pii wins between two contract flags.
 */
export function effectiveSensitiveColumns(
  marks: readonly SensitiveMark[],
  contractColumns: Readonly<Record<string, { readonly sensitive?: boolean; readonly pii?: boolean }>> | undefined,
): SensitiveColumn[] {
  const byColumn = new Map<string, SensitiveColumn>();
  for (const [column, rule] of Object.entries(contractColumns ?? {})) {
    if (rule.pii) byColumn.set(column, { column, kind: 'pii', source: 'contract' });
    else if (rule.sensitive) byColumn.set(column, { column, kind: 'sensitive', source: 'contract' });
  }
  for (const mark of marks) byColumn.set(mark.column, { column: mark.column, kind: mark.kind, source: 'mark' });
  return [...byColumn.values()].sort((a, b) => (a.column < b.column ? -1 : a.column > b.column ? 1 : 0));
}
