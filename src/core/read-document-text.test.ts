import { describe, expect, it } from 'vitest';
import { IssueCollector } from './issues.ts';
import { documentFormatOf, readDocumentText } from './read-document-text.ts';

function read(text: string, format: 'json' | 'yaml') {
  const issues = new IssueCollector();
  const value = readDocumentText(text, format, issues);
  return { value, issues: issues.issues.map((i) => `${i.code}: ${i.message}`) };
}

describe('readDocumentText', () => {
  it('reads JSON and YAML into the same plain values; yes, times and dates stay text in YAML', () => {
    expect(read('{"a": [1, "yes"], "b": {"c": null}}', 'json')).toEqual({ value: { a: [1, 'yes'], b: { c: null } }, issues: [] });
    expect(read('a: [1, yes]\nb: {c: null}\nat: 09:00\non: 2026-11-30\n', 'yaml')).toEqual({
      value: { a: [1, 'yes'], b: { c: null }, at: '09:00', on: '2026-11-30' },
      issues: [],
    });
  });

  it('reports a document it cannot read instead of throwing', () => {
    expect(read('{"a": ', 'json')).toMatchObject({
      value: undefined,
      issues: [expect.stringMatching(/^invalid_format: is not valid JSON/)],
    });
    expect(read('a: 1\na: 2\n', 'yaml')).toMatchObject({ value: undefined, issues: [expect.stringMatching(/^invalid_format: /)] });
    expect(read('a: &x [*x]\n', 'yaml').value).toBeUndefined();
  });

  it('keeps a key named __proto__ an ordinary key, for the checker to refuse', () => {
    const { value } = read('__proto__: {polluted: true}\n', 'yaml');
    expect(Object.keys(value as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('documentFormatOf', () => {
  it('reads .json as JSON and anything else as YAML', () => {
    expect(['a.json', 'A.JSON', 'a.yaml', 'a.yml', 'a'].map(documentFormatOf)).toEqual(['json', 'json', 'yaml', 'yaml', 'yaml']);
  });
});
