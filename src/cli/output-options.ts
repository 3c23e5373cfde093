import { Option } from 'commander';
import { SCORE_KINDS } from '../core/signature.ts';
import { classList } from './parse-options.ts';

/**
 * The options that say how to read a model whose only output is numbers, shared by `models
 * register` and `predict --model FILE` (a registered version keeps what it was registered with).
 * Each call makes fresh Option objects: commander keeps state on them.
 */
export const outputOptions = {
  get task(): Option {
    return new Option(
      '--task <task>',
      'classification reads a single [N, 1] output as P(class 1) of a binary classifier (default: a regressor)',
    ).choices(['classification', 'regression']);
  },
  get classes(): Option {
    return new Option(
      '--classes <labels>',
      'class labels in score order, comma-separated, for a model whose only output is class scores (default: its "classes" metadata, else 0…C−1)',
    ).argParser(classList);
  },
  get scores(): Option {
    return new Option('--scores <kind>', 'whether class scores are probabilities or logits (softmax applied); default: detected').choices([
      ...SCORE_KINDS,
    ]);
  },
};
