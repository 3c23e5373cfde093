import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { IGNORED_DIRECTORIES } from '../../core/pipelines/pipeline-paths.ts';

/** Each file of a directory tree (path relative to it, `/`-separated) and the stat fields that change when it is written. */
export type DirectoryScan = ReadonlyMap<string, string>;

export interface FileChange {
  readonly path: string;
  readonly change: 'created' | 'modified' | 'deleted';
}

/**
 * Lists the files under `dir` with their size, modification time (nanoseconds), change time and
 * inode, skipping tools' own directories (.git, .ballast, node_modules, __pycache__) and any of
 * `exclude` (absolute paths, such as a data directory kept inside the pipeline's). Two scans around
 * a step show what it wrote without hashing every file twice: writing a file, even with the same
 * bytes, moves its modification and change times; replacing it by rename gives another inode.
 */
export async function scanDirectory(dir: string, exclude: readonly string[] = []): Promise<DirectoryScan> {
  const files = new Map<string, string>();
  const skipped = new Set(exclude.map((p) => path.resolve(p)));
  const walk = async (absolute: string, relative: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(absolute, { withFileTypes: true });
    } catch {
      return; // removed while scanning, or unreadable: nothing a step declared can be there
    }
    for (const entry of entries) {
      const full = path.join(absolute, entry.name);
      const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!IGNORED_DIRECTORIES.has(entry.name) && !skipped.has(full)) await walk(full, name);
        continue;
      }
      try {
        const stat = await lstat(full, { bigint: true });
        files.set(name, `${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}:${stat.ino}`);
      } catch {
        // removed between the listing and the stat: absent from this scan
      }
    }
  };
  await walk(path.resolve(dir), '');
  return files;
}

/** The files created, modified or deleted between two scans, sorted by path. */
export function changedFiles(before: DirectoryScan, after: DirectoryScan): FileChange[] {
  const changes: FileChange[] = [];
  for (const [file, signature] of after) {
    const old = before.get(file);
    if (old === undefined) changes.push({ path: file, change: 'created' });
    else if (old !== signature) changes.push({ path: file, change: 'modified' });
  }
  for (const file of before.keys()) if (!after.has(file)) changes.push({ path: file, change: 'deleted' });
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
