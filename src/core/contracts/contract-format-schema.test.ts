import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BallastError } from '../errors.ts';
import { FULL_CONTRACT_YAML, INVALID_DOCUMENTS, VALID_DOCUMENTS } from './testing/contract-examples.ts';
import { VIOLATION_CODES } from './contract-types.ts';
import { DatasetStatistics } from './dataset-statistics.ts';
import { inferContract } from './infer-contract.ts';
import { sample, sources } from './testing/sample-distributions.ts';
import { parseContract } from './parse-contract.ts';

// docs/contract.schema.json is for editors and upstream tooling; the parser is the authority. They
// must agree: whatever the parser accepts the schema accepts, and unknown keys fail both.

type Validate = ((value: unknown) => boolean) & { errors?: unknown[] | null };
// Ajv 8 (draft 2020-12) is reached through ajv-formats, which depends on it; the top-level `ajv` is v6.
const requireHere = createRequire(import.meta.url);
const requireFromFormats = createRequire(requireHere.resolve('ajv-formats'));
const Ajv2020 = (requireFromFormats('ajv/dist/2020') as { default: new (options: object) => { compile(schema: object): Validate } })
  .default;
const addFormats = (requireHere('ajv-formats') as { default: (ajv: object) => void }).default;

const schema = JSON.parse(readFileSync(new URL('../../../docs/contract.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
addFormats(ajv);
const validate = ajv.compile(schema);

const docs = readFileSync(new URL('../../../docs/contracts.md', import.meta.url), 'utf8');
const docExamples = [...docs.matchAll(/```(yaml|json)\n([\s\S]*?)```/g)]
  .filter((match) => match[2]!.includes('ballast.contract/v1'))
  .map((match, index) => ({
    name: `docs/contracts.md example ${index + 1} (${match[1]})`,
    format: match[1] as 'yaml' | 'json',
    text: match[2]!,
  }));

function parserAccepts(document: unknown): boolean {
  try {
    parseContract(JSON.stringify(document), 'json', 'doc.json');
    return true;
  } catch (error) {
    if (error instanceof BallastError && error.code === 'invalid_contract') return false;
    throw error;
  }
}

describe('docs/contract.schema.json', () => {
  it('has examples in the documentation to check', () => {
    expect(docExamples.map((example) => example.format)).toEqual(expect.arrayContaining(['yaml', 'json']));
  });

  it.each([
    { name: 'the full test example', format: 'yaml' as const, text: FULL_CONTRACT_YAML },
    ...docExamples,
    ...VALID_DOCUMENTS.map(({ name, document }) => ({ name, format: 'json' as const, text: JSON.stringify(document) })),
  ])('accepts $name, which the parser accepts', ({ format, text }) => {
    const contract = parseContract(text, format, 'example');
    expect(validate(JSON.parse(JSON.stringify(contract))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('accepts an inferred contract with every kind of rule', () => {
    const stats = new DatasetStatistics();
    stats.addChunk(
      sample(
        {
          id: (_random, row) => `ID-${String(row).padStart(6, '0')}`,
          n: sources.withMissing(sources.normal(0, 1), 0.1),
          k: sources.categorical(['a', 'b', 'yes'], [3, 2, 1]),
          t: sources.timestamp(Date.UTC(2024, 0, 1), 86_400_000 * 30),
          y: sources.boolean(0.3),
        },
        500,
        1,
      ),
    );
    const contract = inferContract(stats, { label: 'y', timestamp: 't', name: 'inferred' });
    expect(Object.values(contract.columns).map((rule) => rule.type)).toEqual(['string', 'number', 'category', 'timestamp', 'boolean']);
    expect(validate(JSON.parse(JSON.stringify(contract))), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(INVALID_DOCUMENTS)('refuses $name where a schema can tell', ({ document, schemaCatches }) => {
    expect(parserAccepts(document)).toBe(false);
    expect(validate(document)).toBe(!schemaCatches);
  });

  it('accepts every generated document the parser accepts, and both refuse unknown keys', () => {
    const kinds = ['number', 'integer', 'boolean', 'category', 'string', 'timestamp', 'float'];
    const anyValue = fc.oneof(
      fc.integer({ min: -5, max: 5 }),
      fc.double({ min: -2, max: 2, noNaN: true }),
      fc.boolean(),
      fc.constantFrom('2024-01-01', '2024-01-01T10:00:00Z', 'x', '[a-z]+', '(', '1d', 'error', 'flag'),
      fc.array(fc.constantFrom('a', 'b', 1, true), { maxLength: 3 }),
    );
    // Mostly plausible values, sometimes anything: documents near the boundary of the format.
    const maybe = <T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
      fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 8, arbitrary: good }, { weight: 1, arbitrary: anyValue });
    const share = fc.double({ min: 0, max: 1, noNaN: true });
    const rule = fc.constantFrom(...kinds).chain((type) => {
      const ranged = type === 'number' || type === 'integer';
      const bound = (text: string): fc.Arbitrary<unknown> =>
        ranged ? fc.integer({ min: -5, max: 5 }) : type === 'timestamp' ? fc.constant(text) : fc.constant(undefined);
      return fc
        .record({
          type: fc.constant(type),
          nullable: maybe(fc.boolean()),
          missing_max: maybe(share),
          min: maybe(bound('2024-01-01')),
          max: maybe(bound('2024-06-01T00:00Z')),
          values: maybe(
            type === 'category'
              ? fc.uniqueArray(fc.constantFrom('a', 'b', 1, true), { minLength: 1, maxLength: 3 })
              : fc.constant(undefined),
          ),
          pattern: maybe(type === 'string' ? fc.constantFrom('[a-z]+', 'C\\d{3}', '(') : fc.constant(undefined)),
          unique: maybe(fc.boolean()),
          mostly: maybe(share),
          severity: maybe(fc.constantFrom('error', 'warn')),
          on_violation: maybe(fc.constantFrom('reject', 'flag')),
          extra: fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: anyValue }),
        })
        .map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)));
    });
    const document = fc
      .record({
        format: fc.constantFrom('ballast.contract/v1', 'ballast.contract/v1', 'ballast.contract/v0'),
        columns: fc.dictionary(fc.constantFrom('a', 'b', 't'), rule, { minKeys: 1, maxKeys: 3 }),
        dataset: fc.option(
          fc
            .record({
              duplicate_rows_max: maybe(share),
              allow_extra_columns: maybe(fc.boolean()),
              label: maybe(fc.record({ column: fc.constantFrom('a', 'b', 'z') })),
              freshness: maybe(fc.record({ column: fc.constantFrom('t', 'a'), max_delay: fc.constantFrom('1d', 'PT1H', '1 day') })),
            })
            .map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined))),
          { nil: undefined },
        ),
      })
      .map(
        (record) =>
          Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as { columns: Record<string, object> },
      );
    let accepted = 0;
    fc.assert(
      fc.property(document, (doc) => {
        const hasExtra = Object.values(doc.columns).some((column) => 'extra' in column);
        if (parserAccepts(doc)) {
          accepted++;
          expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
        }
        if (hasExtra) expect(validate(doc)).toBe(false);
      }),
      { numRuns: 1500 },
    );
    // The generator must reach valid documents too, or the first assertion tests nothing.
    expect(accepted).toBeGreaterThan(20);
  });
});

describe('docs/contracts.md', () => {
  it('shows the same contract in YAML and in JSON', () => {
    const [yaml, json] = [docExamples.find((e) => e.format === 'yaml')!, docExamples.find((e) => e.format === 'json')!];
    expect(parseContract(json.text, 'json', 'doc.json')).toEqual(parseContract(yaml.text, 'yaml', 'doc.yaml'));
  });

  it('documents every violation code, and no other', () => {
    const section = docs.slice(docs.indexOf('## Violation codes'), docs.indexOf('## A contract that is not valid'));
    const documented = [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((match) => match[1]);
    expect(documented).toEqual([...VIOLATION_CODES]);
  });
});
