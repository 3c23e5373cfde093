import { Command, InvalidArgumentError } from 'commander';
import { clearEnsemble, setEnsemble, showEnsemble, type EnsembleView } from '../../app/ensembles/set-ensemble.ts';
import { withContext } from '../cli-context.ts';
import { ensembleView } from '../../server/views/ensemble-views.ts';

/** `A,B[,C]`: MODEL_REFs; whether they resolve and fit together is setEnsemble's to say, with every problem. */
function memberList(value: string): string[] {
  const members = value.split(',').map((m) => m.trim());
  if (members.some((m) => m === ''))
    throw new InvalidArgumentError('must list model references separated by commas, e.g. credit:1,credit:2');
  return members;
}

function spread(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('must be a number, e.g. 0.2');
  return n;
}

/** `credit: mean of credit:1, credit:2 (max spread 0.2; on disagreement: review), set by ann at …`, or that there is none. */
function describe(view: EnsembleView): string {
  const { deployment, ensemble } = view;
  if (ensemble === null) return `${deployment.name}: no ensemble; ${deployment.modelName}:${deployment.modelVersion} answers alone`;
  const members = ensemble.members.map((v) => `${v.modelName}:${v.version}`).join(', ');
  const limit = ensemble.maxSpread === null ? '' : `max spread ${ensemble.maxSpread}; `;
  return `${deployment.name}: ${ensemble.combine} of ${members} (${limit}on disagreement: ${ensemble.onDisagreement}), set by ${ensemble.setBy} at ${ensemble.setAt}`;
}

export function ensembleCommand(): Command {
  const ensemble = new Command('ensemble').description('serve a deployment with an ensemble of two or more model versions');
  ensemble
    .command('set')
    .description('combine versions by mean probability or majority vote (audited; running servers pick it up within seconds)')
    .argument('<deployment>', 'the deployment')
    .requiredOption(
      '--members <refs>',
      'two or more NAME:version / NAME@alias, comma-separated; the first becomes the deployment version',
      memberList,
    )
    .requiredOption('--combine <how>', 'mean (mean probability; regressors: mean value) or vote (majority of labels, classifiers only)')
    .option(
      '--max-spread <number>',
      "members disagree when their probabilities of the answered class span more than this (0-1; a regressor's values: its units)",
      spread,
    )
    .option(
      '--on-disagreement <what>',
      "review (hold for human review; needs a review policy) or fallback (default: answer with the review policy's fallback, abstain without one)",
    )
    .option('--json', 'print JSON')
    .action(
      async (
        name: string,
        options: { members: string[]; combine: string; maxSpread?: number; onDisagreement?: string; json?: boolean },
        command: Command,
      ) => {
        const view = await withContext(command, async (ctx) => {
          await setEnsemble(ctx, name, {
            members: options.members,
            combine: options.combine,
            maxSpread: options.maxSpread ?? null,
            onDisagreement: options.onDisagreement,
          });
          return showEnsemble(ctx, name);
        });
        console.log(options.json ? JSON.stringify(ensembleView(view), null, 2) : describe(view));
      },
    );
  ensemble
    .command('clear')
    .description('stop the ensemble: its first member answers alone (audited)')
    .argument('<deployment>', 'the deployment')
    .action(async (name: string, _options: unknown, command: Command) => {
      const view = await withContext(command, async (ctx) => {
        await clearEnsemble(ctx, name);
        return showEnsemble(ctx, name);
      });
      console.log(describe(view));
    });
  ensemble
    .command('show')
    .description("the deployment's ensemble, if any")
    .argument('<deployment>', 'the deployment')
    .option('--json', 'print JSON (as GET /v1/deployments/{name}/ensemble answers)')
    .action(async (name: string, options: { json?: boolean }, command: Command) => {
      const view = await withContext(command, (ctx) => showEnsemble(ctx, name));
      console.log(options.json ? JSON.stringify(ensembleView(view), null, 2) : describe(view));
    });
  return ensemble;
}
