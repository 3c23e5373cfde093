import { BallastError } from '../core/errors.ts';
import type { ModelSignature } from '../core/signature.ts';
import type { OutputOptions } from '../runtime/model-runtime.ts';

/**
 * Checks that what the user said about a model's output (`--task`, `--classes`, `--scores`) was
 * used: classes and a score reading apply only to a model whose only output is class scores (the
 * others name their own classes), and the task must be what the model turned out to be.
 */
export function checkOutputOptions(signature: ModelSignature, options: OutputOptions, what: string): void {
  const { output } = signature;
  const isClassifier = output.kind !== 'regression';
  if (options.task === 'classification' && !isClassifier) {
    throw new BallastError('invalid_argument', `${what}: --task classification was given but the model is a regressor`);
  }
  if (options.task === 'regression' && isClassifier) {
    throw new BallastError('invalid_argument', `${what}: --task regression was given but the model is a ${output.kind} classifier`);
  }
  if ((options.classes !== undefined || options.scores !== undefined) && output.scores === undefined) {
    const given = [options.classes !== undefined ? '--classes' : undefined, options.scores !== undefined ? '--scores' : undefined]
      .filter(Boolean)
      .join(' and ');
    throw new BallastError(
      'invalid_argument',
      `${what}: ${given} apply only to a model whose only output is class scores; this ${isClassifier ? `classifier names its own classes ${JSON.stringify(output.classes)}` : 'model is a regressor'}`,
    );
  }
}

/** The options the user gave, without the ones left out (a runtime treats absent and undefined alike, a worker's data does not). */
export function outputOptionsOf(input: OutputOptions): OutputOptions | undefined {
  const options: OutputOptions = {
    ...(input.task !== undefined ? { task: input.task } : {}),
    ...(input.classes !== undefined ? { classes: [...input.classes] } : {}),
    ...(input.scores !== undefined ? { scores: input.scores } : {}),
  };
  return Object.keys(options).length > 0 ? options : undefined;
}
