import { Command } from 'commander';
import { DEFAULT_PIPELINE_FILE } from '../../app/pipelines/load-pipeline.ts';
import { pipelineStatus, pipelineStatusView } from '../../app/pipelines/pipeline-status.ts';
import { describeStaleReason } from '../../core/pipelines/step-state.ts';
import { withContext } from '../cli-context.ts';

export function pipelineStatusCommand(): Command {
  return new Command('status')
    .description('which steps are stale and why (command changed, dep X changed, param Y changed, out missing), compared with the last run')
    .argument('[file]', 'the pipeline file (ballast.pipeline/v1)', DEFAULT_PIPELINE_FILE)
    .option('--json', 'print JSON: each step with its reasons')
    .action(async (file: string, options: { json?: boolean }, command: Command) => {
      const status = await withContext(command, (ctx) => pipelineStatus(ctx, file));
      if (options.json) {
        console.log(JSON.stringify(pipelineStatusView(status), null, 2));
        return;
      }
      for (const step of status.steps) {
        if (step.reasons.length === 0) console.log(`${step.name}: up to date`);
        else
          console.log(
            `${step.name}: stale: ${step.reasons.map(describeStaleReason).join('; ')}${step.restorable ? ' (a run restores it from the cache)' : ''}`,
          );
      }
    });
}
