import { Command } from 'commander';
import { DEFAULT_PIPELINE_FILE } from '../../app/pipelines/load-pipeline.ts';
import { pipelineDag } from '../../app/pipelines/pipeline-dag.ts';

export function pipelineDagCommand(): Command {
  return new Command('dag')
    .description('the steps in run order, what each reads and writes, and which step reads what another writes')
    .argument('[file]', 'the pipeline file (ballast.pipeline/v1)', DEFAULT_PIPELINE_FILE)
    .option('--json', 'print JSON: steps (in run order) and edges {from, to, files}')
    .action(async (file: string, options: { json?: boolean }) => {
      const dag = await pipelineDag(file);
      if (options.json) {
        const steps = dag.steps.map((s) => ({
          name: s.name,
          cmd: s.cmd,
          deps: s.deps,
          params: s.params,
          outs: s.outs,
          ...(s.register === undefined ? {} : { register: { model: s.register.model, file: s.register.file } }),
        }));
        console.log(JSON.stringify({ pipeline: dag.pipeline, steps, edges: dag.edges }, null, 2));
        return;
      }
      dag.steps.forEach((step, index) => {
        const registers = step.register === undefined ? '' : `  [registers ${step.register.model} from ${step.register.file}]`;
        console.log(`${index + 1}. ${step.name}: ${step.cmd}${registers}`);
        const from = new Map(dag.edges.filter((e) => e.to === step.name).flatMap((e) => e.files.map((f) => [f, e.from] as const)));
        const to = (file: string) =>
          dag.edges
            .filter((e) => e.from === step.name && e.files.includes(file))
            .map((e) => e.to)
            .join(', ');
        const reads = step.deps.map((dep) => (from.has(dep) ? `${dep} ← ${from.get(dep)}` : dep));
        if (reads.length > 0) console.log(`     reads  ${reads.join(', ')}`);
        if (step.params.length > 0) console.log(`     params ${step.params.join(', ')}`);
        const writes = step.outs.map((out) => (to(out) === '' ? out : `${out} → ${to(out)}`));
        if (writes.length > 0) console.log(`     writes ${writes.join(', ')}`);
      });
    });
}
