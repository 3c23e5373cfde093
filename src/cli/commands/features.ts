import { Command } from 'commander';
import { featuresGetCommand } from './features-get.ts';
import { featuresMaterializeCommand } from './features-materialize.ts';
import { featuresApplyCommand } from './features-apply.ts';
import { featuresListCommand } from './features-list.ts';
import { featuresShowCommand } from './features-show.ts';
import { featuresSkewCommand } from './features-skew.ts';

/**
 * The features command group (docs/features.md): one file per subcommand, `features-<verb>.ts`,
 * each added here, so the parts of the feature store each add their own.
 */
export function featuresCommand(): Command {
  const features = new Command('features').description(
    'the feature store: apply definitions, build point-in-time training sets, materialise online features, check train/serve skew',
  );
  features.addCommand(featuresApplyCommand());
  features.addCommand(featuresListCommand());
  features.addCommand(featuresShowCommand());
  features.addCommand(featuresMaterializeCommand());
  features.addCommand(featuresGetCommand());
  features.addCommand(featuresSkewCommand());
  return features;
}
