import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { PredictionLogRecord } from '../../core/serving-records.ts';

/**
 * Another process writing the prediction journal of `databaseFile` as a server does
 * (PredictionJournal), with one group of `records` in it; resolves once the group is written, with
 * the process (the caller kills it) and its segment.
 */
export async function journalWriterProcess(
  databaseFile: string,
  records: readonly PredictionLogRecord[],
): Promise<{ child: ChildProcess; segment: string }> {
  const journalUrl = new URL('../prediction-journal.ts', import.meta.url).href;
  const wireUrl = new URL('../sqlite-log-wire.ts', import.meta.url).href;
  const script = `
    const { PredictionJournal } = await import(${JSON.stringify(journalUrl)});
    const { encodeLogRecords } = await import(${JSON.stringify(wireUrl)});
    const journal = PredictionJournal.open(${JSON.stringify(databaseFile)});
    journal.write(encodeLogRecords(${JSON.stringify(records)}));
    process.stdout.write(journal.files[0] + '\\n');
    setInterval(() => {}, 60_000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return { child, segment: chunk.toString().trim() };
}
