import { Command } from 'commander';
import { pipelineDagCommand } from './pipeline-dag.ts';
import { pipelineReproduceCommand } from './pipeline-reproduce.ts';
import { pipelineRunCommand } from './pipeline-run.ts';
import { pipelineRunsCommand, pipelineShowCommand } from './pipeline-runs.ts';
import { pipelineStatusCommand } from './pipeline-status.ts';

/**
 * The pipeline command group (docs/pipelines.md): one file per subcommand, `pipeline-<verb>.ts`,
 * each added here.
 */
export function pipelineCommand(): Command {
  const pipeline = new Command('pipeline').description(
    'reproducible training pipelines: run the changed steps with a content-hash cache, show what is stale, reproduce a version',
  );
  pipeline.addCommand(pipelineRunCommand());
  pipeline.addCommand(pipelineStatusCommand());
  pipeline.addCommand(pipelineDagCommand());
  pipeline.addCommand(pipelineRunsCommand());
  pipeline.addCommand(pipelineShowCommand());
  pipeline.addCommand(pipelineReproduceCommand());
  return pipeline;
}
