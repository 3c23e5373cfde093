import { Command } from 'commander';
import { reproduceVersion, type Reproduction } from '../../app/pipelines/reproduce.ts';
import { runPipeline } from '../../app/pipelines/run-pipeline.ts';
import { withContext } from '../cli-context.ts';

/**
 * `ballast pipeline reproduce MODEL:V`: reruns the run that registered the version in a clean
 * workspace and compares every output's hash; exit 0 when all are identical, 1 when one differs.
 */
export function pipelineReproduceCommand(): Command {
  return new Command('reproduce')
    .description(
      'rerun the pipeline run that registered a version in a clean temporary workspace, from its recorded inputs and without the cache; exit 0 when every output has the recorded hash, 1 naming the files that differ',
    )
    .argument('<ref>', 'the version: NAME:version (or NAME@alias)')
    .option('--json', 'print the comparison as JSON')
    .action(async (ref: string, options: { json?: boolean }, command: Command) => {
      const result = await withContext(command, (ctx) => reproduceVersion(ctx, ref, runPipeline));
      console.log(options.json ? JSON.stringify(reproductionWire(result), null, 2) : formatReproduction(result));
      if (!result.identical) process.exitCode = 1;
    });
}

function reproductionWire(r: Reproduction) {
  const file = (f: Reproduction['files'][number]) => ({ step: f.step, path: f.path, recorded: f.recorded, reproduced: f.reproduced });
  return {
    model: r.model,
    version: r.version,
    run_id: r.runId,
    reproduced_run_id: r.reproducedRunId,
    identical: r.identical,
    artifact: r.artifact?.path ?? null,
    files: r.files.map(file),
    differing: r.differing.map(file),
  };
}

function formatReproduction(r: Reproduction): string {
  const width = Math.max(...r.files.map((f) => `${f.step}/${f.path}`.length), 4);
  return [
    `${r.model}:${r.version}: run ${r.runId} rerun as ${r.reproducedRunId}: ${r.identical ? 'every output identical' : `${r.differing.length} of ${r.files.length} outputs differ`}`,
    ...r.files.map((f) => {
      const name = `${f.step}/${f.path}`.padEnd(width);
      const artifact = f === r.artifact ? " (the version's model)" : '';
      if (f.reproduced === f.recorded) return `  same     ${name}  sha256:${f.recorded.slice(0, 12)}${artifact}`;
      const now = f.reproduced === null ? 'not written' : `sha256:${f.reproduced.slice(0, 12)}`;
      return `  DIFFERS  ${name}  recorded sha256:${f.recorded.slice(0, 12)}, reproduced ${now}${artifact}`;
    }),
  ].join('\n');
}
