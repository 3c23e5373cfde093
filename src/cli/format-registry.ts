import type { VersionLineage, SnapshotLineage } from '../app/lineage.ts';
import type { RegisteredVersion } from '../app/register-model.ts';
import type { ModelVersionRecord } from '../core/registry-records.ts';
import type { LabelledReferenceSummary } from '../store/labelled-reference-repository.ts';
import type { ModelSummary } from '../store/model-repository.ts';

/** Human-readable renderings of registry records; `--json` prints the records themselves. */

export function formatRegistered(result: RegisteredVersion, alias: string | undefined): string {
  const { model, version, snapshot } = result;
  const lines = [
    `registered ${model.name}:${version.version}${alias ? ` (alias ${model.name}@${alias})` : ''}`,
    `  format     ${version.format}`,
    `  artifact   sha256:${version.artifactSha256}`,
    `  inputs     ${version.signature.inputs.length} features: ${version.signature.inputs.map((i) => i.name).join(', ')}`,
    `  output     ${describeOutput(version)}`,
  ];
  if (snapshot) lines.push(`  training   ${snapshot.rowCount} rows × ${snapshot.columnCount} columns, sha256:${snapshot.sha256}`);
  if (version.codeRef) lines.push(`  code       ${version.codeRef}`);
  const { gate } = result;
  if (gate.report) {
    const verdict = gate.forced ? 'FAILED, registered anyway (--force; the reason is in the audit log)' : 'passed';
    lines.push(`  contract   training data ${verdict} against ${gate.contractSource}`);
    for (const issue of gate.report.issues)
      lines.push(`             ${issue.severity} ${issue.code} ${issue.column ?? ''}: ${issue.message}`);
  } else if (gate.contract) lines.push(`  contract   linked (${gate.contractSource}); no training data to check`);
  if (result.schemaChanges.length > 0) {
    lines.push(
      `  schema     ${result.schemaChanges.length} change${result.schemaChanges.length === 1 ? '' : 's'} in the training data since the previous version:`,
    );
    for (const change of result.schemaChanges) lines.push(`             ${change.breaking ? '! ' : '  '}${change.message}`);
  }
  const { monitoring } = result;
  lines.push(`  monitoring ${monitoring.saved ? 'reference profile saved from the training data' : 'no reference profile'}`);
  for (const note of monitoring.notes) lines.push(`             ${note}`);
  if (result.labelledReference) lines.push(`  estimation ${describeReference(result.labelledReference)}`);
  const ref = `${model.name}:${version.version}`;
  lines.push(
    result.importance.status === 'computed'
      ? `  importance computed on a sample of the training data (ballast importance ${ref})`
      : `  importance skipped: ${result.importance.reason}`,
  );
  return lines.join('\n');
}

function describeReference(reference: LabelledReferenceSummary): string {
  return `labelled reference of ${reference.rows} rows (label "${reference.labelColumn}") from ${reference.source}`;
}

/** What `ballast models reference` says it did. */
export function formatLabelledReference(result: {
  version: ModelVersionRecord;
  reference: LabelledReferenceSummary;
  replaced: boolean;
}): string {
  const ref = `${result.version.modelName}:${result.version.version}`;
  return `${ref}: ${result.replaced ? 'replaced its' : 'now has a'} ${describeReference(result.reference)}, sha256:${result.reference.sourceSha256}`;
}

export function formatModelList(models: readonly ModelSummary[]): string {
  if (models.length === 0) return 'no models registered yet; add one with: ballast models register NAME FILE';
  const rows = models.map((m) => [
    m.name,
    String(m.latestVersion ?? '-'),
    String(m.versionCount),
    m.owner,
    m.createdAt.slice(0, 19).replace('T', ' '),
  ]);
  return table(['NAME', 'LATEST', 'VERSIONS', 'OWNER', 'CREATED'], rows);
}

function describeLineageReference({ labelledReference: r, version }: VersionLineage): string | undefined {
  if (version.signature.output.kind === 'regression') return undefined;
  if (r === undefined)
    return '  reference    (no labelled reference: performance is not estimated before labels; see ballast models reference)';
  return `  reference    labelled: ${r.rows} rows, label ${r.labelColumn}, set ${r.createdAt} by ${r.createdBy}\n               sha256:${r.sourceSha256}\n               from ${r.source}`;
}

export function formatLineage(lineage: VersionLineage): string {
  const { model, version, artifact, snapshot } = lineage;
  const lines = [
    `${model.name}:${version.version}${lineage.aliases.length ? `  (${lineage.aliases.map((a) => `@${a}`).join(', ')})` : ''}`,
    model.description ? `  ${model.description}` : undefined,
    `  owner        ${model.owner}`,
    model.intendedUse ? `  intended use ${model.intendedUse}` : undefined,
    model.tags.length ? `  tags         ${model.tags.join(', ')}` : undefined,
    `  created      ${version.createdAt} by ${version.createdBy}`,
    `  format       ${version.format}`,
    `  output       ${describeOutput(version)}`,
    `  inputs       ${version.signature.inputs.map((i) => `${i.name}:${i.type}`).join(', ')}`,
    Object.keys(version.parameters).length ? `  parameters   ${JSON.stringify(version.parameters)}` : undefined,
    Object.keys(version.metrics).length ? `  metrics      ${JSON.stringify(version.metrics)}` : undefined,
    'lineage',
    `  artifact     sha256:${artifact.sha256} (${artifact.sizeBytes} bytes, ${artifact.mediaType})`,
    `               ${artifact.path}`,
    snapshot
      ? `  training     snapshot ${snapshot.id}: ${snapshot.rowCount} rows × ${snapshot.columnCount} columns, label ${snapshot.labelColumn ?? '-'}\n               sha256:${snapshot.sha256}\n               from ${snapshot.source}`
      : '  training     (no training data recorded)',
    `  code         ${version.codeRef ?? '(no code reference recorded)'}`,
    lineage.pipelineRun
      ? `  pipeline     run ${lineage.pipelineRun.runId}, step ${lineage.pipelineRun.step} of ${lineage.pipelineRun.pipeline}${lineage.pipelineRun.gitDirty ? ' (uncommitted changes in its directory)' : ''}`
      : undefined,
    describeLineageReference(lineage),
    'versions',
    ...lineage.versions.map((v) =>
      `  ${v.version === version.version ? '*' : ' '} ${v.version}  ${v.createdAt.slice(0, 19).replace('T', ' ')}  ${v.format}  ${lineage.allAliases
        .filter((a) => a.version === v.version)
        .map((a) => `@${a.alias}`)
        .join(' ')}`.trimEnd(),
    ),
  ];
  return lines.filter((l) => l !== undefined).join('\n');
}

export function formatSnapshot({ snapshot, trainedVersions }: SnapshotLineage): string {
  return [
    `snapshot ${snapshot.id}`,
    `  sha256   ${snapshot.sha256}`,
    `  rows     ${snapshot.rowCount}`,
    `  label    ${snapshot.labelColumn ?? '-'}`,
    `  source   ${snapshot.source}`,
    `  created  ${snapshot.createdAt} by ${snapshot.createdBy}`,
    'columns',
    ...snapshot.columns.map((c) => `  ${c.name}: ${c.type}${c.missing ? ` (${c.missing} missing)` : ''}`),
    'trained on it',
    ...(trainedVersions.length
      ? trainedVersions.map((v) => `  ${v.modelName}:${v.version}  ${v.format}  ${v.createdAt}`)
      : ['  (no versions)']),
  ].join('\n');
}

function describeOutput(version: ModelVersionRecord): string {
  const { output } = version.signature;
  return output.classes ? `${output.kind}, classes ${output.classes.map((c) => JSON.stringify(c)).join(', ')}` : output.kind;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
