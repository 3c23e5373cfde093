/**
 * A path of a pipeline, written relative to the pipeline file's directory, in one canonical form
 * (`./data//train.csv` is `data/train.csv`), so the same file always has the same name in the graph,
 * the cache and the run record. A path that is absolute or leaves the directory is refused (the
 * message says why): a cached output is restored under the directory, and a run is reproduced from
 * a copy of it, so nothing a pipeline names may live outside it.
 */
export function normalizePipelinePath(text: string): { path: string } | { problem: string } {
  if (text.trim() === '') return { problem: 'must not be empty' };
  if (text.startsWith('/') || /^[A-Za-z]:[\\/]/.test(text)) return { problem: 'must be relative to the pipeline file, not absolute' };
  if (text.includes('\\')) return { problem: 'must use / between folders' };
  const parts: string[] = [];
  for (const part of text.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return { problem: "must stay inside the pipeline file's directory" };
      parts.pop();
      continue;
    }
    parts.push(part);
  }
  if (parts.length === 0) return { problem: 'must name a file, not the directory itself' };
  return { path: parts.join('/') };
}

/** Directories a pipeline's steps never count as their outputs: tools' own state and caches. */
export const IGNORED_DIRECTORIES: ReadonlySet<string> = new Set(['.git', '.ballast', 'node_modules', '__pycache__']);
