import { Command, InvalidArgumentError } from 'commander';
import { findPipelineRun, listPipelineRuns, pipelineRunView } from '../../app/pipelines/pipeline-runs.ts';
import { withContext } from '../cli-context.ts';

type RunView = ReturnType<typeof pipelineRunView>;

function limitNumber(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 1000) throw new InvalidArgumentError('expected a whole number from 1 to 1000');
  return value;
}

/** `ballast pipeline runs`: recorded runs, newest first. */
export function pipelineRunsCommand(): Command {
  return new Command('runs')
    .description('recorded pipeline runs, newest first: status, git commit, what each step did')
    .option('--pipeline <file>', 'only runs of this pipeline file (as it was given to pipeline run)')
    .option('--limit <n>', 'most runs shown (default 20)', limitNumber)
    .option('--json', 'print JSON (what GET /v1/pipeline-runs answers)')
    .action(async (options: { pipeline?: string; limit?: number; json?: boolean }, command: Command) => {
      const runs = (await withContext(command, (ctx) => listPipelineRuns(ctx, options))).map(pipelineRunView);
      if (options.json) console.log(JSON.stringify({ runs }, null, 2));
      else console.log(runs.length === 0 ? 'no pipeline runs recorded yet (ballast pipeline run)' : runs.map(runLine).join('\n'));
    });
}

/** `ballast pipeline show RUN_ID`: one run whole. */
export function pipelineShowCommand(): Command {
  return new Command('show')
    .description("one pipeline run: every step's command, inputs' and outputs' hashes, parameters, and what it registered")
    .argument('<run-id>', 'the id `pipeline run` printed (or `pipeline runs` lists)')
    .option('--json', 'print JSON (what GET /v1/pipeline-runs/{id} answers)')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const run = pipelineRunView(await withContext(command, (ctx) => findPipelineRun(ctx, id)));
      console.log(options.json ? JSON.stringify(run, null, 2) : formatRun(run));
    });
}

function runLine(run: RunView): string {
  const steps = run.steps.map((s) => `${s.name}:${s.status}`).join(' ');
  const commit = run.git_commit === null ? 'no git' : `${run.git_commit.slice(0, 12)}${run.git_dirty ? ' (dirty)' : ''}`;
  return `${run.id}  ${run.started_at}  ${run.status.padEnd(9)}  ${run.pipeline}  ${commit}  ${steps}`;
}

function formatRun(run: RunView): string {
  const lines = [
    `run ${run.id} of ${run.pipeline}: ${run.status}${run.reproduces ? ` (reproduces ${run.reproduces})` : ''}`,
    `  started ${run.started_at}, finished ${run.finished_at}, by ${run.created_by}`,
    `  git ${run.git_commit ?? 'none'}${run.git_dirty ? ' (dirty tree)' : ''}; node ${run.tools.node}; ${run.tools.python ?? 'no python'}${run.tools.pip_freeze_sha256 ? `; pip freeze sha256:${run.tools.pip_freeze_sha256.slice(0, 12)}` : ''}`,
  ];
  if (Object.keys(run.params).length > 0) lines.push(`  params ${JSON.stringify(run.params)}`);
  for (const step of run.steps) {
    lines.push('', `${step.name}  ${step.status}  ${step.duration_ms} ms  $ ${step.cmd}`);
    for (const [file, hash] of Object.entries(step.deps)) lines.push(`  dep  ${file}  sha256:${hash.slice(0, 12)}`);
    for (const [file, hash] of Object.entries(step.outs)) lines.push(`  out  ${file}  sha256:${hash.slice(0, 12)}`);
    if (step.registered) lines.push(`  registered ${step.registered.model}:${step.registered.version}`);
    if (step.error) lines.push(`  error: ${step.error}`);
  }
  return lines.join('\n');
}
