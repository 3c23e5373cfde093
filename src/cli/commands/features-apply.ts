import { Command } from 'commander';
import { applyFeatureDefinitions, readFeatureDefinitionsFile } from '../../app/features/apply-features.ts';
import { withContext } from '../cli-context.ts';
import { plural } from '../../core/format-numbers.ts';

export function featuresApplyCommand(): Command {
  return new Command('apply')
    .description(
      "apply a ballast.features/v1 file (YAML or JSON), checked whole with its sources' columns first: exit 2 and nothing applied on any problem; a new version only when the definitions changed",
    )
    .argument('<file>', 'the definitions file; sources are relative to it')
    .option('--json', 'print JSON: {"version", "changed", "sha256"}')
    .action(async (file: string, options: { json?: boolean }, command: Command) => {
      const definitions = await readFeatureDefinitionsFile(file);
      const { record, changed } = await withContext(command, (ctx) => applyFeatureDefinitions(ctx, definitions));
      if (options.json) {
        console.log(JSON.stringify({ version: record.version, changed, sha256: record.sha256 }, null, 2));
        return;
      }
      const views = record.definitions.featureViews;
      const features = views.reduce((n, v) => n + v.features.length, 0);
      const onDemand = record.definitions.onDemandFeatures.length;
      const counts = `${plural(views.length, 'view')} (${plural(features, 'feature')})${onDemand > 0 ? `, ${plural(onDemand, 'on-demand feature')}` : ''}`;
      console.log(
        changed
          ? `applied feature definitions version ${record.version}: ${counts}`
          : `unchanged: version ${record.version} has the same definitions (${counts})`,
      );
    });
}
