import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  GENESIS_HASH,
  auditHashInput,
  verifyAuditChain,
  type AuditCheckpoint,
  type AuditEntry,
  type AuditVerification,
} from '../core/audit-chain.ts';
import { BallastError } from '../core/errors.ts';
import type { Repositories } from '../store/store.ts';
import type { AppContext } from './context.ts';

export interface AuditEvent {
  readonly action: string;
  readonly objectType: string;
  readonly objectId: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type RecordAudit = (event: AuditEvent) => Promise<AuditEntry>;

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

const CHECKPOINT_FILE = 'audit-checkpoint.json';

/**
 * Runs a change of state and its audit entries in one transaction: both commit or neither does.
 * After the commit the new head is also written to a checkpoint file beside the data, the second
 * place that lets `audit verify` notice a log whose tail was cut.
 */
export async function auditedTransaction<T>(ctx: AppContext, work: (tx: Repositories, audit: RecordAudit) => Promise<T>): Promise<T> {
  let last: AuditEntry | undefined;
  const result = await ctx.store.transaction(async (tx) => {
    const record: RecordAudit = async (event) => {
      const head = last ?? (await tx.audit.lockHead());
      const fields = {
        seq: (head?.seq ?? 0) + 1,
        at: ctx.clock().toISOString(),
        actor: ctx.actor,
        action: event.action,
        objectType: event.objectType,
        objectId: event.objectId,
        details: event.details ?? {},
      };
      const prevHash = head?.hash ?? GENESIS_HASH;
      const entry: AuditEntry = { ...fields, prevHash, hash: sha256Hex(auditHashInput(prevHash, fields)) };
      await tx.audit.append(entry);
      last = entry;
      return entry;
    };
    return work(tx, record);
  });
  if (last !== undefined) await writeCheckpoint(ctx.dataDir, last);
  return result;
}

/**
 * The checkpoint write under way per data directory in this process. Writes are queued one after
 * the other: two at once would share the temp file (one rename finding it gone, failing a change
 * that had committed) and could put an older head over a newer one.
 */
const checkpointWrites = new Map<string, Promise<void>>();

function writeCheckpoint(dataDir: string, head: AuditCheckpoint): Promise<void> {
  const write = (checkpointWrites.get(dataDir) ?? Promise.resolve()).catch(() => {}).then(() => writeCheckpointNow(dataDir, head));
  checkpointWrites.set(dataDir, write);
  const forget = () => {
    if (checkpointWrites.get(dataDir) === write) checkpointWrites.delete(dataDir);
  };
  write.then(forget, forget);
  return write;
}

async function writeCheckpointNow(dataDir: string, head: AuditCheckpoint): Promise<void> {
  const file = path.join(dataDir, CHECKPOINT_FILE);
  const current = await readCheckpoint(dataDir);
  if (current !== undefined && current.seq >= head.seq) return; // another writer got further
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify({ seq: head.seq, hash: head.hash }) + '\n');
  await rename(temp, file);
}

export async function readCheckpoint(dataDir: string): Promise<AuditCheckpoint | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path.join(dataDir, CHECKPOINT_FILE), 'utf8')) as AuditCheckpoint;
    return typeof parsed.seq === 'number' && typeof parsed.hash === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `SEQ:HASH` as printed by `ballast audit head`. */
export function parseCheckpoint(text: string): AuditCheckpoint {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!match) throw new BallastError('invalid_argument', `checkpoint "${text}" is not SEQ:SHA256 (as printed by ballast audit head)`);
  return { seq: Number(match[1]), hash: match[2]! };
}

/**
 * Recomputes the whole chain, and checks it still reaches every head recorded elsewhere: the
 * database's head row, the checkpoint file, and any checkpoints the caller kept.
 */
/** The error a failed verification is, for a caller that treats it as one (`ballast audit verify`). */
export function auditBrokenError(verdict: AuditVerification): BallastError | undefined {
  if (verdict.ok) return undefined;
  const bad = verdict.firstBad!;
  return new BallastError('audit_broken', `audit log broken at entry ${bad.seq} (${bad.problem}): ${bad.message}`);
}

export async function verifyAudit(ctx: AppContext, extra: readonly AuditCheckpoint[] = []): Promise<AuditVerification> {
  const entries: AuditEntry[] = [];
  for (let page = await ctx.store.audit.list(0); page.length > 0; page = await ctx.store.audit.list(page.at(-1)!.seq))
    entries.push(...page);
  const checkpoints = [await ctx.store.audit.head(), await readCheckpoint(ctx.dataDir), ...extra].filter(
    (c): c is AuditCheckpoint => c !== undefined,
  );
  return verifyAuditChain(entries, sha256Hex, checkpoints);
}
