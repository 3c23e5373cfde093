import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BallastError } from '../../core/errors.ts';
import { IssueCollector } from '../../core/issues.ts';
import { documentFormatOf, readDocumentText } from '../../core/read-document-text.ts';

/**
 * Reads `--gate FILE` (a `ballast.alerts/v1` document, YAML or JSON) as a document; its rules are
 * checked with the other rollout options (startRollout), where a rule may leave out `deployment`.
 */
export async function readRolloutGateFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new BallastError('file_not_found', `${file}: cannot read the gate rules (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const issues = new IssueCollector();
  const document = readDocumentText(text, documentFormatOf(file), issues);
  issues.throwIfAny('invalid_rollout', `${path.basename(file)} is not a valid gate rules file`);
  return document;
}
