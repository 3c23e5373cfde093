import { canonicalJson } from './canonical-json.ts';

/** The hash the first entry links back to. */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditFields {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly objectType: string;
  readonly objectId: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface AuditEntry extends AuditFields {
  readonly prevHash: string;
  readonly hash: string;
}

/** A head kept outside the log (a file, a printed line): what the chain must still reach. */
export interface AuditCheckpoint {
  readonly seq: number;
  readonly hash: string;
}

/**
 * The exact text an entry's hash covers: its fields and its predecessor's hash, canonically
 * encoded, so editing any field or relinking the entry changes the hash. Hashing itself is passed
 * in by the caller (core does no I/O and imports no crypto).
 */
export function auditHashInput(prevHash: string, fields: AuditFields): string {
  return canonicalJson({
    v: 1,
    prev: prevHash,
    seq: fields.seq,
    at: fields.at,
    actor: fields.actor,
    action: fields.action,
    object: `${fields.objectType}:${fields.objectId}`,
    details: fields.details,
  });
}

export type AuditProblem =
  | 'sequence_gap' // an entry is missing, or entries are out of order
  | 'broken_link' // prev_hash does not match the entry before it (deleted, inserted or reordered)
  | 'hash_mismatch' // the entry's content no longer matches its hash (edited)
  | 'truncated' // the log ends before a head recorded elsewhere
  | 'checkpoint_mismatch'; // the entry at the checkpoint's sequence has another hash

export interface AuditVerification {
  readonly ok: boolean;
  readonly checked: number;
  readonly head: AuditCheckpoint | undefined;
  readonly firstBad?: { readonly seq: number; readonly problem: AuditProblem; readonly message: string };
}

/** Recomputes the chain in sequence order and names the first entry that does not hold. */
export function verifyAuditChain(
  entries: readonly AuditEntry[],
  sha256: (text: string) => string,
  checkpoints: readonly AuditCheckpoint[] = [],
): AuditVerification {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  const bySeq = new Map<number, AuditEntry>();
  for (const entry of entries) {
    const fail = (problem: AuditProblem, message: string): AuditVerification => ({
      ok: false,
      checked: expectedSeq - 1,
      head: expectedSeq > 1 ? { seq: expectedSeq - 1, hash: prevHash } : undefined,
      firstBad: { seq: entry.seq, problem, message },
    });
    if (entry.seq !== expectedSeq)
      return fail(
        'sequence_gap',
        `entry ${entry.seq} follows entry ${expectedSeq - 1}: entries ${expectedSeq}…${entry.seq - 1} are missing or out of order`,
      );
    if (entry.prevHash !== prevHash)
      return fail(
        'broken_link',
        `entry ${entry.seq} links to ${entry.prevHash.slice(0, 12)}…, but the entry before it hashes to ${prevHash.slice(0, 12)}…`,
      );
    const actual = sha256(auditHashInput(entry.prevHash, entry));
    if (actual !== entry.hash)
      return fail(
        'hash_mismatch',
        `entry ${entry.seq} (${entry.action} ${entry.objectType}:${entry.objectId}) was changed after it was written`,
      );
    bySeq.set(entry.seq, entry);
    prevHash = entry.hash;
    expectedSeq++;
  }
  const last = expectedSeq - 1;
  const head = last > 0 ? { seq: last, hash: prevHash } : undefined;
  for (const checkpoint of checkpoints) {
    if (checkpoint.seq > last) {
      return {
        ok: false,
        checked: last,
        head,
        firstBad: {
          seq: last + 1,
          problem: 'truncated',
          message: `the log ends at entry ${last}, but a checkpoint records entry ${checkpoint.seq}: entries ${last + 1}…${checkpoint.seq} were cut`,
        },
      };
    }
    const entry = bySeq.get(checkpoint.seq);
    if (checkpoint.seq > 0 && entry?.hash !== checkpoint.hash) {
      return {
        ok: false,
        checked: last,
        head,
        firstBad: {
          seq: checkpoint.seq,
          problem: 'checkpoint_mismatch',
          message: `entry ${checkpoint.seq} hashes to ${entry?.hash.slice(0, 12)}…, but a checkpoint recorded ${checkpoint.hash.slice(0, 12)}…: the log was rewritten`,
        },
      };
    }
  }
  return { ok: true, checked: last, head };
}
