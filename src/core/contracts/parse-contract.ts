import { parseDocument } from 'yaml';
import { IssueCollector } from '../issues.ts';
import { checkContractDocument } from './check-contract-document.ts';
import type { Contract } from './contract-types.ts';

export { serializeContract } from './serialize-contract.ts';

export type ContractTextFormat = 'json' | 'yaml';

/**
 * Reads a contract written in JSON or YAML and checks it against the format (docs/contracts.md).
 * Every problem is reported at once, each with its path (`["columns", "age", "min"]`), in a
 * BallastError('invalid_contract'); `source` names the file in the message.
 */
export function parseContract(text: string, format: ContractTextFormat, source: string): Contract {
  const issues = new IssueCollector();
  const document = format === 'json' ? readJson(text, issues) : readYaml(text, issues);
  const contract = document === undefined ? undefined : checkContractDocument(document, issues);
  issues.throwIfAny('invalid_contract', `${source} is not a valid contract`);
  return contract!;
}

/** Picks the reader from a file name: `.json` is JSON, anything else (`.yaml`, `.yml`) YAML. */
export function contractFormatOf(fileName: string): ContractTextFormat {
  return /\.json$/i.test(fileName) ? 'json' : 'yaml';
}

/** The document as plain values, or undefined when it cannot be read (the reason is reported). */
function readJson(text: string, issues: IssueCollector): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    issues.report('invalid_format', [], `is not valid JSON: ${(error as Error).message}`);
    return undefined;
  }
}

function readYaml(text: string, issues: IssueCollector): unknown {
  // YAML 1.2 core schema: `yes`, `no` and unquoted dates stay text, as in JSON.
  const document = parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: true, prettyErrors: true });
  for (const error of [...document.errors, ...document.warnings]) issues.report('invalid_format', [], oneLine(error.message));
  if (issues.count > 0) return undefined;
  let value: unknown;
  try {
    value = document.toJS({ mapAsMap: true, maxAliasCount: 100 });
  } catch (error) {
    issues.report('invalid_format', [], `cannot be read: ${(error as Error).message}`);
    return undefined;
  }
  const plain = toPlain(value, [], issues);
  return issues.count > 0 ? undefined : plain;
}

/** Turns YAML maps into plain objects; a key that is a list or a mapping has no place in a contract. */
function toPlain(value: unknown, path: (string | number)[], issues: IssueCollector): unknown {
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of value) {
      if (typeof key === 'object' && key !== null) {
        issues.report('invalid_type', path, 'a key must be plain text, not a list or mapping');
        continue;
      }
      const name = String(key);
      // defineProperty, so a key named __proto__ is an ordinary key the checker can refuse.
      Object.defineProperty(out, name, {
        value: toPlain(item, [...path, name], issues),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((item, index) => toPlain(item, [...path, index], issues));
  if (value instanceof Date) return value.toISOString();
  return value;
}

function oneLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
