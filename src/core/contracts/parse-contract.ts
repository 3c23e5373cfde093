import { parseDocument } from 'yaml';
import { BallastError, type Issue } from '../errors.ts';
import { checkContractDocument } from './check-contract-document.ts';
import type { Contract } from './contract-types.ts';

export { serializeContract } from './serialize-contract.ts';

export type ContractTextFormat = 'json' | 'yaml';

/** How many problems the one-line message names; `issues` always carries all of them. */
const ISSUES_IN_MESSAGE = 5;

/**
 * Reads a contract written in JSON or YAML and checks it against the format (docs/contracts.md).
 * Every problem is reported at once, each with its path (`["columns", "age", "min"]`), in a
 * BallastError('invalid_contract'); `source` names the file in the message.
 */
export function parseContract(text: string, format: ContractTextFormat, source: string): Contract {
  const document = format === 'json' ? readJson(text, source) : readYaml(text, source);
  const { contract, issues } = checkContractDocument(document);
  if (contract === undefined) throw invalid(source, issues);
  return contract;
}

/** Picks the reader from a file name: `.json` is JSON, anything else (`.yaml`, `.yml`) YAML. */
export function contractFormatOf(fileName: string): ContractTextFormat {
  return /\.json$/i.test(fileName) ? 'json' : 'yaml';
}

function readJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalid(source, [{ path: [], message: `is not valid JSON: ${(error as Error).message}` }]);
  }
}

function readYaml(text: string, source: string): unknown {
  // YAML 1.2 core schema: `yes`, `no` and unquoted dates stay text, as in JSON.
  const document = parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: true, prettyErrors: true });
  const problems = [...document.errors, ...document.warnings].map((error) => ({ path: [], message: oneLine(error.message) }));
  if (problems.length > 0) throw invalid(source, problems);
  let value: unknown;
  try {
    value = document.toJS({ mapAsMap: true, maxAliasCount: 100 });
  } catch (error) {
    throw invalid(source, [{ path: [], message: `cannot be read: ${(error as Error).message}` }]);
  }
  const issues: Issue[] = [];
  const plain = toPlain(value, [], issues);
  if (issues.length > 0) throw invalid(source, issues);
  return plain;
}

/** Turns YAML maps into plain objects; a key that is a list or a mapping has no place in a contract. */
function toPlain(value: unknown, path: (string | number)[], issues: Issue[]): unknown {
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of value) {
      if (typeof key === 'object' && key !== null) {
        issues.push({ path, message: 'a key must be plain text, not a list or mapping' });
        continue;
      }
      const name = String(key);
      // defineProperty, so a key named __proto__ is an ordinary key the checker can refuse.
      Object.defineProperty(out, name, { value: toPlain(item, [...path, name], issues), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((item, index) => toPlain(item, [...path, index], issues));
  if (value instanceof Date) return value.toISOString();
  return value;
}

function invalid(source: string, issues: readonly Issue[]): BallastError {
  const shown = issues.slice(0, ISSUES_IN_MESSAGE).map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
  const more = issues.length > ISSUES_IN_MESSAGE ? `; and ${issues.length - ISSUES_IN_MESSAGE} more` : '';
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return new BallastError('invalid_contract', `${source} is not a valid contract (${count}): ${shown.join('; ')}${more}`, issues);
}

function oneLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
