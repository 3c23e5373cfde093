import type { PipelineRun, PipelineStepRun } from './pipeline-types.ts';

/** `prepare ✓ cached · train ✓ ran · register ✗ failed`: a run's steps at a glance. */
export function stepsSummary(run: PipelineRun): string {
  return run.steps
    .map((s) => `${s.name} ${s.status === 'failed' ? '✗' : s.status === 'not_run' ? '–' : '✓'} ${s.status.replace('_', ' ')}`)
    .join(' · ');
}

/** The git state a run was made from, as a reader needs it: which commit, and whether it was all committed. */
export function gitWording(run: PipelineRun): string {
  if (run.git_commit === null) return 'not in a git repository';
  return `${run.git_commit.slice(0, 12)}${run.git_dirty ? ' with uncommitted changes' : ''}`;
}

/** How long a step took: `850 ms`, `12.3 s`, `2 min 5 s`. */
export function durationWording(step: PipelineStepRun): string {
  const ms = step.duration_ms;
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
