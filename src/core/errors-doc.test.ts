import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VIOLATION_CODES } from './contracts/contract-types.ts';
import { ERROR_CODES } from './errors.ts';
import { ISSUE_CODES } from './issues.ts';

// The documentation and the code must list the same codes with the same statuses, in both directions.
const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const documented = new Map([...doc.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map((match) => [match[1]!, Number(match[2])]));

describe('docs/errors.md', () => {
  it('documents every error code with its status', () => {
    for (const [code, { status }] of Object.entries(ERROR_CODES)) {
      expect(documented.get(code), `docs/errors.md lacks ${code}`).toBe(status);
    }
  });
  it('documents no code that does not exist', () => {
    for (const code of documented.keys()) expect(Object.keys(ERROR_CODES)).toContain(code);
  });
});

describe('the issue codes in docs/errors.md', () => {
  const section = doc.slice(doc.indexOf('## Issues'));
  const documentedIssues = [...section.matchAll(/^\| `([a-z_]+)` \| [^0-9]/gm)].map((match) => match[1]!);
  const own = ISSUE_CODES.filter((code) => !(VIOLATION_CODES as readonly string[]).includes(code));
  it('lists exactly the issue codes of src/core/issues.ts (violation codes are in docs/contracts.md)', () => {
    expect([...documentedIssues].sort()).toEqual([...own].sort());
  });
});
