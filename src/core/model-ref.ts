import { BallastError } from './errors.ts';

/** `fraud`, `fraud@champion` or `fraud:3`: a model, one of its aliases, or one of its versions. */
export type ModelRef =
  | { readonly name: string; readonly kind: 'latest' }
  | { readonly name: string; readonly kind: 'alias'; readonly alias: string }
  | { readonly name: string; readonly kind: 'version'; readonly version: number };

// Names travel in URLs, file names and log lines, so they stay to a safe, readable alphabet.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function isValidName(value: string): boolean {
  return NAME.test(value);
}

export function assertValidName(value: string, what: 'model name' | 'alias' | 'deployment name'): string {
  if (!isValidName(value)) {
    throw new BallastError(
      'invalid_argument',
      `${what} "${value}" is not valid: use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
  if (what === 'alias' && /^\d+$/.test(value)) {
    throw new BallastError('invalid_argument', `alias "${value}" is not valid: an alias cannot be a bare number (that reads as a version)`);
  }
  return value;
}

export function parseModelRef(text: string): ModelRef {
  const at = text.indexOf('@');
  const colon = text.indexOf(':');
  const fail = (why: string): never => {
    throw new BallastError('invalid_model_ref', `model reference "${text}" ${why}; expected NAME, NAME@alias or NAME:version`);
  };
  if (at >= 0 && colon >= 0) fail('has both @ and :');
  if (at >= 0) {
    const name = text.slice(0, at);
    const alias = text.slice(at + 1);
    if (!isValidName(name)) fail('has an invalid model name');
    if (!isValidName(alias) || /^\d+$/.test(alias)) fail('has an invalid alias');
    return { name, kind: 'alias', alias };
  }
  if (colon >= 0) {
    const name = text.slice(0, colon);
    const versionText = text.slice(colon + 1);
    if (!isValidName(name)) fail('has an invalid model name');
    if (!/^[1-9]\d{0,8}$/.test(versionText)) fail('has a version that is not a positive whole number');
    return { name, kind: 'version', version: Number(versionText) };
  }
  if (!isValidName(text)) fail('is not a valid model name');
  return { name: text, kind: 'latest' };
}

export function formatModelRef(ref: ModelRef): string {
  switch (ref.kind) {
    case 'latest':
      return ref.name;
    case 'alias':
      return `${ref.name}@${ref.alias}`;
    case 'version':
      return `${ref.name}:${ref.version}`;
  }
}
