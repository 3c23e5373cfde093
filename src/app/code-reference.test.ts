import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeReferenceOf, gitCommitOf } from './code-reference.ts';

describe('codeReferenceOf', () => {
  it('is the git commit checked out, when there is one', () => {
    expect(codeReferenceOf('/repo', '1.2.3', () => 'a'.repeat(40))).toEqual({ ref: 'a'.repeat(40), source: 'git commit' });
    const here = gitCommitOf(path.resolve(import.meta.dirname, '../..'));
    if (here !== undefined) expect(here).toMatch(/^[0-9a-f]{40}$/);
  });

  it('is the package version outside a git checkout', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ballast-nogit-'));
    try {
      expect(gitCommitOf(dir)).toBeUndefined();
      expect(codeReferenceOf(dir, '1.2.3')).toEqual({ ref: 'ballast@1.2.3', source: 'package version' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
