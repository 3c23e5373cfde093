import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// An exported value of src/ that no module imports is dead weight or a forgotten default (such as
// KS_DEFAULT_ALPHA beside the alpha the drift decision really uses): delete it, or drop `export`
// when only its own file uses it. Types are left alone: an exported function's parameter and
// result types are part of its interface even when no caller names them.
const root = path.resolve(import.meta.dirname, '..');
const files = ['src', 'test', 'bench', 'web/src'].flatMap((dir) =>
  readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name)),
);

const hasExport = (node: ts.Node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** Exported values declared in a file: const, let, function, class, enum. */
function exportedValues(source: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const statement of source.statements) {
    if (!hasExport(statement)) continue;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations)
        if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
    } else if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      names.push(statement.name.text);
    }
  }
  return names;
}

function scan(): string[] {
  const exported = new Map<string, string[]>();
  const used = new Set<string>();
  const everything = new Set<string>();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const source = ts.createSourceFile(
      file,
      text,
      ts.ScriptTarget.Latest,
      false,
      file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    if (file.startsWith(path.join(root, 'src')) && !file.endsWith('.test.ts')) exported.set(file, exportedValues(source));
    const target = (specifier: ts.Expression | undefined) =>
      specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')
        ? path.resolve(path.dirname(file), specifier.text.replace(/\.js$/, '.ts'))
        : undefined;
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node)) {
        const module = target(node.moduleSpecifier);
        const bindings = node.importClause?.namedBindings;
        if (module && bindings && ts.isNamedImports(bindings))
          for (const element of bindings.elements) used.add(`${module}#${(element.propertyName ?? element.name).text}`);
        if (module && bindings && ts.isNamespaceImport(bindings)) everything.add(module);
      } else if (ts.isExportDeclaration(node)) {
        const module = target(node.moduleSpecifier);
        if (module && node.exportClause && ts.isNamedExports(node.exportClause))
          for (const element of node.exportClause.elements) used.add(`${module}#${(element.propertyName ?? element.name).text}`);
        else if (module) everything.add(module);
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        const module = target(node.arguments[0]);
        if (module) everything.add(module);
      }
      // Declarations sit at the top level; only a dynamic import() needs the whole tree walked.
      if (node === source || dynamicImports) ts.forEachChild(node, visit);
    };
    const dynamicImports = text.includes('import(');
    visit(source);
  }
  return [...exported].flatMap(([file, names]) =>
    everything.has(file) ? [] : names.filter((name) => !used.has(`${file}#${name}`)).map((name) => `${path.relative(root, file)}: ${name}`),
  );
}

describe('exports of src', () => {
  it('are all imported somewhere', () => {
    expect(scan()).toEqual([]);
  });
});
