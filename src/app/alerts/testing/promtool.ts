import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

/** Debian's package `prometheus` installs it here (.ci/run installs it). */
const PROMTOOL = '/usr/bin/promtool';

/** What a test shows in place of its promtool checks when the binary is absent. */
export const PROMTOOL_SKIPPED = `promtool is not installed at ${PROMTOOL} (apt-get install -y prometheus): the Prometheus rules are not checked by it`;

export const hasPromtool = existsSync(PROMTOOL);

/** Runs promtool with these arguments; its exit code and output, whatever the code. */
export async function promtool(args: readonly string[], cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(PROMTOOL, [...args], { cwd, timeout: 30_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: `${e.stdout}${e.stderr}` };
  }
}
