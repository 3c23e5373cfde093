import { parseDocument } from 'yaml';
import type { IssueCollector } from './issues.ts';

/**
 * Reads a configuration file written in JSON or YAML into plain values, reporting why it cannot be
 * read instead of throwing, so the checker that follows can add its own problems to the same list.
 * Shared by the alert rules (ballast.alerts/v1) and on-call schedules (ballast.oncall/v1) parsers.
 * YAML is read with the 1.2 core schema: `09:00`, `2026-11-30` and `yes` stay text, as in JSON.
 */
export function readDocumentText(text: string, format: 'json' | 'yaml', issues: IssueCollector): unknown {
  if (format === 'json') {
    try {
      return JSON.parse(text);
    } catch (error) {
      issues.report('invalid_format', [], `is not valid JSON: ${(error as Error).message}`);
      return undefined;
    }
  }
  const document = parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: true, prettyErrors: true });
  for (const error of [...document.errors, ...document.warnings]) issues.report('invalid_format', [], error.message.split('\n')[0]!.trim());
  if (issues.count > 0) return undefined;
  try {
    // Plain objects (not Maps); the JSON round trip keeps a key named __proto__ an ordinary key the checker
    // refuses as unknown, and turns an alias that refers to itself into a reported problem, not a cycle.
    return JSON.parse(JSON.stringify(document.toJS({ maxAliasCount: 100 })));
  } catch (error) {
    issues.report('invalid_format', [], `cannot be read: ${(error as Error).message}`);
    return undefined;
  }
}

/** `.json` is JSON, anything else (`.yaml`, `.yml`) YAML. */
export function documentFormatOf(fileName: string): 'json' | 'yaml' {
  return /\.json$/i.test(fileName) ? 'json' : 'yaml';
}
