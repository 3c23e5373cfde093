import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { canonicalJson } from '../../core/canonical-json.ts';
import { BallastError } from '../../core/errors.ts';
import type { FeatureDefinitions, FeatureSetRecord, FeatureViewDefinition } from '../../core/features/feature-definitions.ts';
import { compileExpression } from '../../core/features/expression/compile-expression.ts';
import { parseFeatureDefinitions } from '../../core/features/parse-feature-definitions.ts';
import { IssueCollector, type IssuePath } from '../../core/issues.ts';
import { documentFormatOf } from '../../core/read-document-text.ts';
import { auditedTransaction, sha256Hex } from '../audit.ts';
import type { AppContext } from '../context.ts';
import { sourceColumns, type SourceColumn } from './source-columns.ts';

/** Definitions read from a file, its sources' paths made absolute (relative to the file). */
export interface FeatureDefinitionsFile {
  readonly definitions: FeatureDefinitions;
  readonly sourceFile: string;
}

/** Reads and checks a definitions file (JSON for `.json`, YAML otherwise); the sources are not opened yet. */
export async function readFeatureDefinitionsFile(file: string): Promise<FeatureDefinitionsFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new BallastError(
      'file_not_found',
      `${file}: cannot read the feature definitions (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const parsed = parseFeatureDefinitions(text, documentFormatOf(file), path.basename(file));
  const dir = path.dirname(path.resolve(file));
  // Resolved once here, so the stored definitions mean the same files whatever directory reads them later.
  const sources = parsed.sources.map((s) => (s.path === undefined ? s : { ...s, path: path.resolve(dir, s.path) }));
  return { definitions: { ...parsed, sources }, sourceFile: path.resolve(file) };
}

export interface AppliedFeatureDefinitions {
  /** The current version after apply: a new one, or the one already current when nothing changed. */
  readonly record: FeatureSetRecord;
  readonly changed: boolean;
}

/**
 * Applies definitions whole: every source is opened (header or metadata only) and must have the
 * columns the definitions read — the entity key, the timestamps, each feature's column — every
 * problem named at its path in one `invalid_feature_definitions`, nothing stored unless all pass.
 * A new version is made only when the definitions' canonical JSON differs from the current
 * version's, so applying the same file twice changes nothing and writes no audit entry.
 */
export async function applyFeatureDefinitions(ctx: AppContext, file: FeatureDefinitionsFile): Promise<AppliedFeatureDefinitions> {
  const { definitions, sourceFile } = file;
  await checkSources(ctx, definitions);
  const sha256 = sha256Hex(canonicalJson(definitions));
  return auditedTransaction(ctx, async (tx, audit) => {
    const current = await tx.featureSets.latest();
    if (current?.sha256 === sha256) return { record: current, changed: false };
    const record = await tx.featureSets.append({
      definitions,
      sha256,
      sourceFile,
      createdBy: ctx.actor,
      createdAt: ctx.clock().toISOString(),
    });
    await audit({
      action: 'features.apply',
      objectType: 'feature_set',
      objectId: String(record.version),
      details: {
        version: record.version,
        previous_version: current?.version ?? null,
        sha256,
        source_file: sourceFile,
        entities: definitions.entities.map((e) => e.name),
        feature_views: definitions.featureViews.map((v) => v.name),
        on_demand_features: definitions.onDemandFeatures.map((f) => f.name),
      },
    });
    return { record, changed: true };
  });
}

/**
 * The source columns a view reads (as viewSourceColumns), each with where in the file it was asked
 * for: a plain feature's own name, a derived feature's expression.
 */
function columnsReadBy(view: FeatureViewDefinition, at: IssuePath): { column: string; path: IssuePath }[] {
  return view.features.flatMap((f, i) =>
    f.expr === undefined
      ? [{ column: f.name, path: [...at, 'features', i, 'name'] }]
      : compileExpression(f.expr).columns.map((column) => ({ column, path: [...at, 'features', i, 'expr'] })),
  );
}

async function checkSources(ctx: AppContext, definitions: FeatureDefinitions): Promise<void> {
  const issues = new IssueCollector();
  const columnsOf = new Map<string, ReadonlyMap<string, SourceColumn>>();
  for (const [i, source] of definitions.sources.entries()) {
    const read = await sourceColumns(source, ctx.store.db);
    if ('problem' in read) {
      issues.report('invalid_value', ['sources', i, source.path !== undefined ? 'path' : 'table'], read.problem);
      continue;
    }
    const columns = new Map(read.columns.map((c) => [c.name, c]));
    columnsOf.set(source.name, columns);
    const where = source.path ?? source.table!;
    for (const [key, column] of [
      ['timestamp', source.timestamp],
      ['created_timestamp', source.createdTimestamp],
    ] as const) {
      if (column === undefined) continue;
      const found = columns.get(column);
      if (found === undefined)
        issues.report('missing', ['sources', i, key], `${where} has no column ${JSON.stringify(column)}${listed(columns)}`);
      // Numbers are refused as event times (seconds or milliseconds cannot be told apart): say so now, not at the first join.
      else if (!/^(VARCHAR|TEXT|DATE|TIMESTAMP|CHARACTER)/i.test(found.type))
        issues.report(
          'invalid_type',
          ['sources', i, key],
          `column ${JSON.stringify(column)} of ${where} is ${found.type}; event times are timestamps or ISO 8601 text`,
        );
    }
  }
  definitions.featureViews.forEach((view, v) => {
    const columns = columnsOf.get(view.source);
    if (columns === undefined) return; // the source's own problem is reported already
    const key = definitions.entities.find((e) => e.name === view.entity)!.key;
    const at: IssuePath = ['feature_views', v];
    const wanted = [{ column: key, path: [...at, 'entity'] }, ...columnsReadBy(view, at)];
    for (const { column, path: where } of wanted)
      if (!columns.has(column))
        issues.report('missing', where, `source ${view.source} has no column ${JSON.stringify(column)}${listed(columns)}`);
  });
  issues.throwIfAny('invalid_feature_definitions', "the feature definitions do not fit their sources' columns");
}

function listed(columns: ReadonlyMap<string, unknown>): string {
  const names = [...columns.keys()];
  return ` (columns: ${names.slice(0, 20).join(', ')}${names.length > 20 ? `, … ${names.length - 20} more` : ''})`;
}
