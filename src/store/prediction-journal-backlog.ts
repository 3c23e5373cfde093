import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { journalDirectory, parseSegmentName } from './prediction-journal.ts';

/** A group of predictions acknowledged in the journal and not yet in the predictions table. */
export interface PendingJournalGroup {
  /** The group's first prediction id: the group is in the table once it is (a group is inserted whole). */
  readonly firstId: string;
  /** Its predictions of the deployment asked about. */
  readonly predictions: number;
}

/**
 * The groups of the prediction log's journal (prediction-journal.ts) that hold predictions of
 * `deployment` and are not in the table yet: what a process beside a running server (a feedback
 * import) cannot see yet. Every segment in the directory is read, whoever writes it: the opening
 * of the store has just replayed those of stopped writers, so what is left belongs to live ones
 * (or another host's). `present` says which ids the table holds. Only the groups not in the table
 * are parsed, so a drained journal costs one read of its files and one id lookup per group.
 */
export async function pendingJournalGroups(
  databaseFile: string,
  deployment: string,
  present: (ids: readonly string[]) => Promise<ReadonlySet<string>>,
): Promise<PendingJournalGroup[]> {
  const directory = journalDirectory(databaseFile);
  if (!existsSync(directory)) return [];
  const lines: { firstId: string; line: string }[] = [];
  for (const name of readdirSync(directory).sort()) {
    if (parseSegmentName(name) === undefined) continue;
    let text: string;
    try {
      text = readFileSync(path.join(directory, name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // drained and deleted meanwhile
      throw error;
    }
    const segmentLines = text.split('\n');
    segmentLines.pop(); // '' after the last newline, or a line still being written
    for (const line of segmentLines) {
      const firstId = firstIdOf(line);
      if (firstId !== undefined) lines.push({ firstId, line });
    }
  }
  if (lines.length === 0) return [];
  const inTable = await present(lines.map((l) => l.firstId));
  const pending: PendingJournalGroup[] = [];
  for (const { firstId, line } of lines) {
    if (inTable.has(firstId)) continue;
    const rows = JSON.parse(line) as unknown[][];
    // Each row is the INSERT's column values (sqlite-log-wire.ts): the deployment's name is the fourth.
    const predictions = rows.filter((row) => row[3] === deployment).length;
    if (predictions > 0) pending.push({ firstId, predictions });
  }
  return pending;
}

/** A group's first prediction id, read without parsing the line (a group is a JSON array of rows, each starting with its id). */
function firstIdOf(line: string): string | undefined {
  if (!line.startsWith('[["')) return undefined;
  const end = line.indexOf('"', 3);
  const id = line.slice(3, end);
  return end > 3 && !id.includes('\\') ? id : undefined;
}
