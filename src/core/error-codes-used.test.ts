import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from './errors.ts';

// Beside errors-doc.test.ts (the codes and docs/errors.md agree): every code in the closed union is
// produced by the product, not only declared, and at least one test checks that it is by its code,
// not only by its message. A new code without both fails here.
const root = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const all = [...sources(path.join(root, 'src')), ...sources(path.join(root, 'test'))];
const isTest = (file: string) => /\.test\.ts$/.test(file);
const production = all.filter(
  (file) =>
    file.startsWith(path.join(root, 'src')) &&
    !isTest(file) &&
    !file.includes(`${path.sep}testing${path.sep}`) &&
    !file.endsWith(path.join('core', 'errors.ts')),
);
const tests = all.filter(isTest);
const read = (files: string[]) => files.map((file) => ({ file: path.relative(root, file), text: readFileSync(file, 'utf8') }));
const productionTexts = read(production);
const testTexts = read(tests);

/** Made into an error: `new BallastError('x'`, `problem('x'`, `issuesError('x'`, `throwIfAny('x'`, or a `['x', detail]` pair. */
function producers(code: ErrorCode): string[] {
  const made = new RegExp(`(?:BallastError|problem|issuesError|throwIfAny)\\(\\s*'${code}'|return \\['${code}', `);
  return productionTexts.filter(({ text }) => made.test(text)).map(({ file }) => file);
}

/** Checked by code: a line naming `code` and the code (`code: 'x'`, `.code).toBe('x')`, `codeOf(…)).toBe('x')`), or a `status, 'x']` table row, on one line or as a formatter wraps it. */
function assertions(code: ErrorCode): string[] {
  const byCode = new RegExp(`^.*code.*'${code}'.*$|\\d{3},\\s*'${code}',?\\s*\\]`, 'm');
  return testTexts.filter(({ text }) => byCode.test(text)).map(({ file }) => file);
}

const codes = Object.keys(ERROR_CODES) as ErrorCode[];

describe('every error code', () => {
  it.each(codes)('%s is produced somewhere in src', (code) => {
    expect(producers(code), `nothing in src makes a ${code} error; remove the code or produce it`).not.toEqual([]);
  });
  it.each(codes)('%s is asserted by its code in a test', (code) => {
    expect(assertions(code), `no test asserts code ${code}`).not.toEqual([]);
  });
});

describe('the scan itself', () => {
  it('finds what it looks for, and not a code that is only declared', () => {
    expect(producers('deployment_not_found')).toContain(path.join('src', 'app', 'deployments.ts'));
    expect(assertions('deployment_not_found').length).toBeGreaterThan(0);
    expect(producers('not_a_code' as ErrorCode)).toEqual([]);
    expect(assertions('not_a_code' as ErrorCode)).toEqual([]);
  });
});
