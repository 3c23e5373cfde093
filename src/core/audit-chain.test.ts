import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, auditHashInput, verifyAuditChain, type AuditEntry } from './audit-chain.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function chain(count: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const fields = {
      seq,
      at: `2026-11-25T10:00:0${seq}Z`,
      actor: 'ann',
      action: 'model.register',
      objectType: 'model_version',
      objectId: `credit:${seq}`,
      details: { n: seq },
    };
    const hash = sha256(auditHashInput(prevHash, fields));
    entries.push({ ...fields, prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

describe('verifyAuditChain', () => {
  it('accepts an intact chain and reports its head', () => {
    const entries = chain(5);
    expect(verifyAuditChain(entries, sha256)).toEqual({ ok: true, checked: 5, head: { seq: 5, hash: entries[4]!.hash } });
    expect(verifyAuditChain([], sha256)).toEqual({ ok: true, checked: 0, head: undefined });
  });
  it('names an edited entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2]!, actor: 'mallory' };
    expect(verifyAuditChain(entries, sha256).firstBad).toMatchObject({ seq: 3, problem: 'hash_mismatch' });
  });
  it('names an edit that recomputed the entry hash, by the next link', () => {
    const entries = chain(5);
    const edited = { ...entries[1]!, details: { n: 99 } };
    entries[1] = { ...edited, hash: sha256(auditHashInput(edited.prevHash, edited)) };
    expect(verifyAuditChain(entries, sha256).firstBad).toMatchObject({ seq: 3, problem: 'broken_link' });
  });
  it('names a deleted entry and reordered entries', () => {
    const entries = chain(5);
    expect(verifyAuditChain([...entries.slice(0, 2), ...entries.slice(3)], sha256).firstBad).toMatchObject({
      seq: 4,
      problem: 'sequence_gap',
    });
    const swapped = [entries[0]!, entries[2]!, entries[1]!, entries[3]!];
    expect(verifyAuditChain(swapped, sha256).firstBad).toMatchObject({ seq: 3, problem: 'sequence_gap' });
    const renumbered = [entries[0]!, { ...entries[2]!, seq: 2 }, { ...entries[1]!, seq: 3 }];
    expect(verifyAuditChain(renumbered, sha256).firstBad).toMatchObject({ seq: 2, problem: 'broken_link' });
  });
  it('catches a cut tail only with a checkpoint kept elsewhere', () => {
    const entries = chain(5);
    const cut = entries.slice(0, 3);
    expect(verifyAuditChain(cut, sha256).ok).toBe(true);
    const result = verifyAuditChain(cut, sha256, [{ seq: 5, hash: entries[4]!.hash }]);
    expect(result.firstBad).toMatchObject({ seq: 4, problem: 'truncated' });
    expect(result.firstBad?.message).toContain('entries 4…5 were cut');
  });
  it('catches a rewritten history that no longer reaches a checkpoint', () => {
    const entries = chain(5);
    const rewritten = chain(5).map((e) => e); // same shape, then rewrite entry 2 and everything after
    const forged: AuditEntry[] = [rewritten[0]!];
    for (let i = 1; i < 5; i++) {
      const fields = { ...rewritten[i]!, actor: 'mallory' };
      const hash = sha256(auditHashInput(forged[i - 1]!.hash, fields));
      forged.push({ ...fields, prevHash: forged[i - 1]!.hash, hash });
    }
    expect(verifyAuditChain(forged, sha256).ok).toBe(true);
    expect(verifyAuditChain(forged, sha256, [{ seq: 4, hash: entries[3]!.hash }]).firstBad).toMatchObject({
      seq: 4,
      problem: 'checkpoint_mismatch',
    });
  });
});
