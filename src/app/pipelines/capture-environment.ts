import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { ToolVersions } from '../../core/pipelines/pipeline-definition.ts';

/** What a pipeline run was made with besides its files: the code's commit and the tools' versions. */
export interface RunEnvironment {
  /** The commit checked out where the pipeline lives; null outside a git checkout or without git. */
  readonly gitCommit: string | null;
  /**
   * Whether files under the pipeline's directory differ from that commit (changed, staged or
   * untracked and not ignored): a dirty run's code ref does not name all the code that ran.
   */
  readonly gitDirty: boolean | null;
  readonly tools: ToolVersions;
}

export interface CaptureOptions {
  /** The Python interpreter the steps' commands call (default `python3`). */
  readonly python?: string;
  readonly git?: string;
}

const TIMEOUT_MS = 30_000;
const MAX_OUTPUT = 64 * 1024 * 1024;

/**
 * Records the environment of a pipeline run in `dir`. Every part is best effort: a machine without
 * git or Python still runs pipelines, and its record says null rather than failing the run.
 */
export async function captureEnvironment(dir: string, options: CaptureOptions = {}): Promise<RunEnvironment> {
  const git = options.git ?? 'git';
  const python = options.python ?? 'python3';
  const [git_, tools] = await Promise.all([gitState(dir, git), toolVersions(python)]);
  return { ...git_, tools };
}

/**
 * `pip freeze` takes a second or more, so a process asks once per interpreter: the CLI runs one
 * pipeline per process, and a process that runs many (a test) does not install packages between them.
 */
const toolsByPython = new Map<string, Promise<ToolVersions>>();

function toolVersions(python: string): Promise<ToolVersions> {
  let tools = toolsByPython.get(python);
  if (tools === undefined) {
    tools = Promise.all([
      output(python, ['--version'], process.cwd(), true),
      // Standard output only: pip's warnings on standard error (running as root, an old pip) are not packages.
      output(python, ['-m', 'pip', 'freeze', '--all'], process.cwd()),
    ]).then(([version, freeze]) => ({
      node: process.version,
      // What `python3 --version` prints (`Python 3.11.7`): on stdout, or on stderr for old interpreters.
      python: version === null ? null : version.trim().split('\n')[0]!.trim() || null,
      pipFreezeSha256: freeze === null ? null : createHash('sha256').update(freeze).digest('hex'),
    }));
    toolsByPython.set(python, tools);
  }
  return tools;
}

/** The commit of the checkout holding `dir` and whether that directory's files differ from it. */
export async function gitState(dir: string, git = 'git'): Promise<Pick<RunEnvironment, 'gitCommit' | 'gitDirty'>> {
  const head = await output(git, ['rev-parse', 'HEAD'], dir);
  const commit = head?.trim() ?? '';
  if (!/^[0-9a-f]{40}$/.test(commit)) return { gitCommit: null, gitDirty: null };
  const status = await output(git, ['status', '--porcelain', '--', '.'], dir);
  return { gitCommit: commit, gitDirty: status === null ? null : status.trim() !== '' };
}

/** The command's standard output (and standard error, where some tools print versions), or null when it cannot run or fails. */
function output(command: string, args: readonly string[], cwd: string, withStderr = false): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout: TIMEOUT_MS, maxBuffer: MAX_OUTPUT, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve(error ? null : withStderr ? stdout + stderr : stdout);
    });
  });
}
