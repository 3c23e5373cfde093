import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { contractToJsonSchema } from './contract-json-schema.ts';
import { DatasetStatistics } from './dataset-statistics.ts';
import { inferContract } from './infer-contract.ts';
import { parseContract } from './parse-contract.ts';
import { sample, sources } from './testing/sample-distributions.ts';

type Validate = ((value: unknown) => boolean) & { errors?: { instancePath: string; keyword: string }[] | null };
interface Ajv {
  compile(schema: object): Validate;
  validateSchema(schema: object): boolean;
}
// Ajv 8 (draft 2020-12) is reached through ajv-formats, which depends on it; the top-level `ajv` is v6.
const requireHere = createRequire(import.meta.url);
const Ajv2020 = (createRequire(requireHere.resolve('ajv-formats'))('ajv/dist/2020') as { default: new (options: object) => Ajv }).default;
const addFormats = (requireHere('ajv-formats') as { default: (ajv: Ajv) => void }).default;
// Strict mode as a careful upstream team would run it: unknown keywords and formats are errors.
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);

const contract = parseContract(
  `format: ballast.contract/v1
name: churn-inputs
columns:
  id: {type: string, pattern: "C[0-9]{6}", unique: true, nullable: false}
  age: {type: integer, min: 0, max: 120, nullable: false}
  income: {type: number, min: 0, missing_max: 0.05}
  score: {type: number, min: 0, max: 1, mostly: 0.99}
  country: {type: category, values: [DE, FR, US]}
  channel: {type: category, values: [web, app], severity: warn}
  active: {type: boolean}
  signup: {type: timestamp, min: "2015-01-01", nullable: false}
`,
  'yaml',
  'c.yaml',
);
const schema = contractToJsonSchema(contract);
const validate = ajv.compile(schema);
const good = {
  id: 'C000123',
  age: 42,
  income: 51000.5,
  score: 0.4,
  country: 'FR',
  channel: 'web',
  active: true,
  signup: '2024-03-01T12:00:00Z',
};

function failures(row: object): string[] {
  validate(row);
  return (validate.errors ?? []).map((error) => `${error.instancePath}:${error.keyword}`);
}

describe('contractToJsonSchema', () => {
  it('is a valid draft 2020-12 schema that strict Ajv compiles', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(schema.title).toBe('churn-inputs');
    expect(schema.required).toEqual(['id', 'age', 'income', 'score', 'country', 'channel', 'active', 'signup']);
  });

  it('accepts a row that meets the contract, with nulls where a column is nullable', () => {
    expect(failures(good)).toEqual([]);
    expect(failures({ ...good, income: null, country: null, active: null })).toEqual([]);
  });

  it('refuses each kind of bad value with its path', () => {
    expect(failures({ ...good, id: 'X1' })).toEqual(['/id:pattern']);
    expect(failures({ ...good, age: 42.5 })).toEqual(['/age:type']);
    expect(failures({ ...good, age: 130 })).toEqual(['/age:maximum']);
    expect(failures({ ...good, age: null })).toEqual(['/age:type']);
    expect(failures({ ...good, income: -1 })).toEqual(['/income:minimum']);
    expect(failures({ ...good, country: 'UK' })).toEqual(['/country:enum']);
    expect(failures({ ...good, active: 'yes' })).toEqual(['/active:type']);
    expect(failures({ ...good, signup: 'yesterday' })).toEqual(['/signup:format']);
    const { age: _age, ...withoutAge } = good;
    expect(failures(withoutAge)).toEqual([':required']);
  });

  it('leaves warn-only rules and rules for most rows to the description', () => {
    expect(failures({ ...good, score: 1.5, channel: 'phone' })).toEqual([]);
    const properties = schema.properties as Record<string, { description?: string }>;
    expect(properties.score!.description).toBe("At least 99% of a dataset's values should be between 0 and 1.");
    expect(properties.channel!.description).toBe('Values should be one of "web", "app" (a warning only).');
    expect(properties.income!.description).toBe("At most 5% of a dataset's rows may be missing.");
    expect(properties.id!.description).toBe('No value may repeat within a dataset.');
    expect(properties.signup!.description).toBe('Between 2015-01-01 and any time.');
    expect(failures({ ...good, channel: 3 })).toEqual(['/channel:type']);
  });

  it('enforces warn-only rules and rules for most rows too when asked for all', () => {
    const all = ajv.compile(contractToJsonSchema(contract, { enforce: 'all' }));
    expect(all(good)).toBe(true);
    expect(all({ ...good, score: 1.5 })).toBe(false);
    expect(all({ ...good, channel: 'phone' })).toBe(false);
  });

  it('allows extra properties unless the contract forbids extra columns', () => {
    expect(failures({ ...good, extra: 1 })).toEqual([]);
    const strict = parseContract(
      'format: ballast.contract/v1\ncolumns: {a: {type: number}}\ndataset: {allow_extra_columns: false}',
      'yaml',
      's.yaml',
    );
    const validateStrict = ajv.compile(contractToJsonSchema(strict));
    expect(validateStrict({ a: 1 })).toBe(true);
    expect(validateStrict({ a: 1, b: 2 })).toBe(false);
  });

  it('accepts the rows an inferred contract was inferred from', () => {
    const data = sample({ n: sources.normal(5, 2), k: sources.categorical(['a', 'b'], [3, 1]), c: sources.code('Z', 4) }, 500, 9);
    const stats = new DatasetStatistics();
    stats.addChunk(data);
    for (const enforce of ['every-row', 'all'] as const) {
      const check = ajv.compile(contractToJsonSchema(inferContract(stats), { enforce }));
      for (const { cells } of data.rows) expect(check({ n: Number(cells[0]), k: cells[1], c: cells[2] })).toBe(true);
    }
  });
});
