import { readFileSync } from 'node:fs';

/**
 * Ballast's version, read from package.json, the one place it is written: the CLI's --version,
 * the OpenAPI document and the V2 server metadata all say this. (From src/ and from dist/ alike,
 * package.json is two directories up.)
 */
export const BALLAST_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
