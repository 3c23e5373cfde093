import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BALLAST_VERSION } from './version.ts';

const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };

describe('BALLAST_VERSION', () => {
  it("is package.json's version", () => {
    expect(BALLAST_VERSION).toBe(pkg.version);
  });
  it('is the only place the product spells it: no source file hard-codes the version', () => {
    const literal = new RegExp(`['"\`]${pkg.version.replaceAll('.', '\\.')}['"\`]`);
    const offenders = readdirSync(path.join(root, 'src'), { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      .map((entry) => path.join(entry.parentPath, entry.name))
      .filter((file) => literal.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(root, file));
    expect(offenders).toEqual([]);
  });
});
