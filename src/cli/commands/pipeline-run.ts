import { Command } from 'commander';
import { DEFAULT_PIPELINE_FILE } from '../../app/pipelines/load-pipeline.ts';
import { pipelineRunView } from '../../app/pipelines/pipeline-runs.ts';
import { pipelineRegisterHook } from '../../app/pipelines/register-step.ts';
import { runPipeline } from '../../app/pipelines/run-pipeline.ts';
import type { StepRunRecord } from '../../core/pipelines/pipeline-definition.ts';
import { withContext } from '../cli-context.ts';

export function pipelineRunCommand(): Command {
  return new Command('run')
    .description(
      'run the steps whose command, dependencies or parameters changed, in dependency order; the others are restored from the cache by content hash',
    )
    .argument('[file]', 'the pipeline file (ballast.pipeline/v1)', DEFAULT_PIPELINE_FILE)
    .option('--json', 'print the run as JSON: run_id, status and each step with its status and outputs’ sha256')
    .option('--no-cache', 'run every step, whatever the cache holds')
    .action(async (file: string, options: { json?: boolean; cache: boolean }, command: Command) => {
      // A line per step as it finishes; with --json, only the one document at the end.
      const onStep = options.json ? undefined : (step: StepRunRecord) => console.log(stepLine(step));
      const record = await withContext(command, (ctx) =>
        runPipeline(ctx, { file, noCache: !options.cache, register: pipelineRegisterHook(ctx), ...(onStep ? { onStep } : {}) }),
      );
      if (options.json) {
        // `run_id` as the issue names it; the rest is the run as `pipeline show --json` prints it.
        console.log(JSON.stringify({ run_id: record.id, ...pipelineRunView(record) }, null, 2));
        return;
      }
      const count = (status: string) => record.steps.filter((s) => s.status === status).length;
      console.log(`run ${record.id} ${record.status}: ${count('ran')} ran, ${count('cached')} restored from the cache`);
    });
}

function stepLine(step: StepRunRecord): string {
  const took = step.status === 'ran' ? ` (${(step.durationMs / 1000).toFixed(1)} s)` : '';
  const registered = step.registered === undefined ? '' : `; registered ${step.registered.model}:${step.registered.version}`;
  return `${step.status.padEnd(6)}  ${step.name}${took}${registered}`;
}
