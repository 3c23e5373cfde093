import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Test helpers live in `testing/` folders, which tsconfig.build.json leaves out of dist/: a helper
// beside production files ships in the package, and a production file that imports from testing/
// breaks the build. A module of src that only tests import is a helper in the wrong place.
const root = path.resolve(import.meta.dirname, '..');
const all = ['src', 'test', 'bench', 'web/src'].flatMap((dir) =>
  readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name)),
);
const isProduction = (file: string) =>
  file.startsWith(path.join(root, 'src') + path.sep) && !file.endsWith('.test.ts') && !file.includes(`${path.sep}testing${path.sep}`);
/** Started by name rather than imported: the CLI's main and the worker threads' entry modules. */
const isEntry = (file: string) => file.endsWith(path.join('cli', 'main.ts')) || file.endsWith('-entry.ts');

/** file -> the files it imports (relative specifiers, including `new URL('./x.ts', import.meta.url)`). */
const imports = new Map(
  all.map((file) => {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/(?:from\s+|import\s*\(\s*|new URL\(\s*)'(\.{1,2}\/[^']+)'/g)].map((m) =>
      path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, '.ts')),
    );
    return [file, targets] as const;
  }),
);

describe('test helpers', () => {
  it('are not beside production files: every module of src is used by the product', () => {
    const usedByProduct = new Set([...imports].filter(([file]) => isProduction(file)).flatMap(([, targets]) => targets));
    const onlyForTests = all
      .filter((file) => isProduction(file) && !isEntry(file) && !usedByProduct.has(file))
      .map((file) => path.relative(root, file));
    expect(onlyForTests).toEqual([]);
  });
  it('are never imported by production code', () => {
    const offenders = [...imports]
      .filter(([file]) => isProduction(file))
      .flatMap(([file, targets]) =>
        targets
          .filter((target) => target.includes(`${path.sep}testing${path.sep}`))
          .map((target) => `${path.relative(root, file)} -> ${path.relative(root, target)}`),
      );
    expect(offenders).toEqual([]);
  });
});
