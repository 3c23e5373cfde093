import type { CardFacts } from './card-facts.ts';
import { deriveLimitations, failedSlices, latestPerSuite } from './derived-limitations.ts';
import {
  CARD_SCHEMA_VERSION,
  type CardContractViolation,
  type CardDriftWindow,
  type CardMissing,
  type CardPerformanceMetric,
  type CardPerformanceWindow,
  type CardSection,
  type ModelCard,
} from './model-card.ts';

const tagged = (tags: readonly string[], prefix: string): string[] =>
  tags.filter((t) => t.startsWith(prefix) && t.length > prefix.length).map((t) => t.slice(prefix.length));

/**
 * The card of a version from the facts read now. Never fails for lack of data: every section is present,
 * and each one without data is empty/null with a sentence in `missing` saying why and, where a user can
 * fix it, how.
 */
export function buildModelCard(facts: CardFacts): ModelCard {
  const missing: CardMissing[] = [];
  const miss = (section: CardSection, reason: string) => missing.push({ section, reason });
  const { model, version, annotations } = facts;
  const ref = `${model.name}:${version.version}`;

  const licenses = tagged(model.tags, 'license:');
  const references = tagged(model.tags, 'ref:');
  if (licenses.length === 0) miss('model_details', `no license stated; tag the model "license:<id>" to give one`);

  const versionUse = annotations?.intendedUse ?? null;
  const modelUse = model.intendedUse.trim() === '' ? null : model.intendedUse;
  const intendedUse = versionUse ?? modelUse;
  if (intendedUse === null) miss('considerations', `no intended use entered: ballast models annotate ${ref} --intended-use "…"`);

  const importanceRank = new Map((facts.importance?.features ?? []).map((f) => [f.feature, f.rank]));
  const driftWindows: CardDriftWindow[] = facts.drift.flatMap((d) =>
    d.report === null
      ? []
      : [
          {
            deployment: d.deployment,
            start: d.start,
            end: d.end,
            rows: d.rows,
            drifted: d.report.dataset.drifted,
            drifted_share: d.report.dataset.drifted_share,
            columns: d.report.dataset.columns,
            drifted_columns: d.report.columns
              .filter((c) => c.drifted)
              .map((c) => ({
                name: c.name,
                effect_size: c.effect_size.value,
                effect_size_name: c.effect_size.name,
                importance_rank: importanceRank.get(c.name) ?? null,
              })),
          },
        ],
  );
  if (facts.deployments.length === 0) miss('monitoring.drift', 'no deployment serves this version, so nothing is monitored');
  else if (facts.drift.length === 0) miss('monitoring.drift', `no closed monitoring window yet on ${facts.deployments.join(', ')}`);
  else if (driftWindows.length === 0)
    miss('monitoring.drift', 'the version has no reference profile (registered without training data), so drift cannot be judged');

  const servedRows = new Map<string, number>();
  for (const w of facts.performanceWindows) servedRows.set(w.deployment, (servedRows.get(w.deployment) ?? 0) + w.rows);
  const violations: CardContractViolation[] = facts.violations.map((v) => {
    const rows = servedRows.get(v.deployment) ?? 0;
    return { ...v, share: rows > 0 ? Math.min(1, v.count / rows) : null };
  });
  if (facts.deployments.length === 0)
    miss('monitoring.contract_violations', 'no deployment serves this version, so no live request was checked against its contract');

  const live: CardPerformanceWindow[] = [];
  const estimated: CardPerformanceWindow[] = [];
  for (const w of facts.performanceWindows) {
    const base = { deployment: w.deployment, start: w.start, end: w.end, rows: w.rows, labelled_rows: w.labelledRows };
    const realised = Object.entries(w.metrics).filter(([, m]) => m.realized !== null);
    if (w.labelledRows > 0 && realised.length > 0)
      live.push({ ...base, metrics: Object.fromEntries(realised.map(([k, m]) => [k, m.realized!])), alerts: [] });
    const estimates = Object.entries(w.metrics).filter(([, m]) => m.estimated !== null);
    if (estimates.length > 0)
      estimated.push({
        ...base,
        metrics: Object.fromEntries(estimates.map(([k, m]) => [k, m.estimated!])),
        alerts: estimates.filter(([, m]) => m.alert).map(([k]) => k),
      });
  }
  const range = `${facts.range.from} – ${facts.range.to}`;
  if (facts.deployments.length === 0) {
    miss('quantitative_analysis.live_performance', 'no deployment serves this version');
    miss('quantitative_analysis.estimated_performance', 'no deployment serves this version');
  } else {
    if (live.length === 0)
      miss('quantitative_analysis.live_performance', `no labelled predictions of this version in ${range} (labels arrive as feedback)`);
    if (!facts.hasLabelledReference)
      miss(
        'quantitative_analysis.estimated_performance',
        `no labelled reference, which estimation needs: ballast models reference ${ref} FILE --label COLUMN`,
      );
    else if (estimated.length === 0) miss('quantitative_analysis.estimated_performance', `no predictions of this version in ${range}`);
  }

  const latest = latestPerSuite(facts.testRuns);
  const metrics: CardPerformanceMetric[] = Object.entries(version.metrics).map(([type, value]) => ({
    type,
    value,
    slice: null,
    source: 'registration',
  }));
  for (const run of latest)
    for (const check of run.checks) {
      if (check.type === 'metric')
        for (const [type, value] of Object.entries(check.values))
          if (value !== null) metrics.push({ type, value, slice: null, source: `test:${run.suiteName}` });
      if (check.type === 'slices') {
        const { metric, slices } = failedSlices(check);
        for (const s of slices)
          if (s.value !== null)
            metrics.push({ type: metric, value: s.value, slice: `${s.column}=${s.slice}`, source: `test:${run.suiteName}` });
      }
    }
  for (const deployment of facts.deployments) {
    const newest = live.filter((w) => w.deployment === deployment).at(-1);
    for (const [type, value] of Object.entries(newest?.metrics ?? {}))
      metrics.push({ type, value, slice: null, source: `live:${deployment}` });
  }
  if (metrics.length === 0)
    miss(
      'quantitative_analysis.performance_metrics',
      'no metric recorded at registration, in a model test or from labelled live predictions',
    );

  const fairness = latest.flatMap((run) =>
    run.checks
      .filter((c) => c.type === 'fairness')
      .map((c) => ({
        run_id: run.id,
        suite: run.suiteName,
        check: c.name,
        passed: c.passed,
        values: c.values,
        by_group: c.by_group ?? {},
        message: c.message,
      })),
  );
  if (facts.testRuns.length === 0)
    miss('quantitative_analysis.test_runs', `no model test run stored: ballast test ${ref} --suite FILE --data FILE --label COLUMN`);
  if (fairness.length === 0) miss('quantitative_analysis.fairness', 'no fairness check in the newest run of any suite');

  if (facts.snapshot === null) miss('model_parameters.data', `registered without training data, so its provenance is unknown`);
  const importance = facts.importance;
  if (importance === null)
    miss(
      'explanations',
      facts.snapshot === null
        ? 'no global importance: it is computed from the training snapshot, and the version has none'
        : `no global importance stored: ballast importance ${ref} --recompute`,
    );

  const sensitive = new Set(facts.sensitiveColumns);
  const derived = deriveLimitations(facts.testRuns, driftWindows, violations, importance !== null);
  const schedule = facts.schedule;
  for (const u of facts.unreadable) miss(u.section, u.reason);
  if (facts.approvals.length === 0) miss('governance', `never submitted for approval: ballast approvals request ${ref} --stage production`);

  return {
    schema_version: CARD_SCHEMA_VERSION,
    generated_at: facts.generatedAt,
    model_details: {
      name: model.name,
      version: version.version,
      format: version.format,
      owner: model.owner === '' ? null : model.owner,
      description: model.description === '' ? null : model.description,
      created_at: version.createdAt,
      created_by: version.createdBy,
      licenses,
      references,
      code_ref: version.codeRef,
      aliases: [...facts.aliases].sort(),
      artifact_sha256: version.artifactSha256,
      tags: model.tags.filter((t) => !t.startsWith('license:') && !t.startsWith('ref:')),
    },
    considerations: {
      intended_use: intendedUse,
      intended_use_source: versionUse !== null ? 'version' : modelUse !== null ? 'model' : null,
      out_of_scope_uses: annotations?.outOfScope ?? [],
      limitations: [
        ...(annotations?.limitations ?? []).map((text) => ({ text, source: 'entered' as const })),
        ...derived.map((text) => ({ text, source: 'derived' as const })),
      ],
      ethical_considerations: [...sensitive].map(
        (c) => `${c} is a sensitive input: its values are masked for readers without sensitive:read; check fairness across its groups`,
      ),
    },
    model_parameters: {
      input_format: `${version.format} model, ${version.signature.inputs.length} inputs`,
      output: { kind: version.signature.output.kind, classes: version.signature.output.classes ?? null },
      inputs: version.signature.inputs.map((i) => ({ name: i.name, type: i.type, sensitive: sensitive.has(i.name) })),
      data: {
        train:
          facts.snapshot === null
            ? null
            : {
                snapshot_sha256: facts.snapshot.sha256,
                rows: facts.snapshot.rowCount,
                columns: facts.snapshot.columns.map((c) => ({ name: c.name, type: c.type, missing: c.missing })),
                label_column: facts.snapshot.labelColumn,
                source: facts.snapshot.source,
                registered_at: facts.snapshot.createdAt,
                contract: facts.contract,
                time_range: null,
              },
      },
    },
    quantitative_analysis: {
      performance_metrics: metrics,
      test_runs: facts.testRuns.map((r) => ({
        id: r.id,
        suite: r.suiteName,
        passed: r.passed,
        data_rows: r.dataRows,
        data_sha256: r.dataHash,
        created_at: r.createdAt,
        checks: r.checks.length,
        failed_checks: r.checks.filter((c) => !c.passed).map((c) => c.name),
      })),
      fairness,
      live_performance: live,
      estimated_performance: estimated,
    },
    explanations: {
      global_importance: importance === null ? null : importance.features.map((f) => ({ ...f })),
      method: importance?.method ?? null,
      space: importance?.space ?? null,
      sample_rows: importance?.sampleRows ?? null,
      computed_at: importance?.computedAt ?? null,
    },
    monitoring: {
      drift: driftWindows.length === 0 ? null : { drifted: driftWindows.some((w) => w.drifted), windows: driftWindows },
      contract_violations: violations,
      range: { from: facts.range.from, to: facts.range.to, deployments: facts.deployments },
    },
    governance: {
      approvals: facts.approvals.map((a) => ({
        id: a.id,
        stage: a.stage,
        status: a.status,
        requested_by: a.requestedBy,
        requested_at: a.requestedAt,
        decided_by: a.decision?.decidedBy ?? null,
        decided_at: a.decision?.decidedAt ?? null,
        note: a.decision?.note ?? a.requestNote,
      })),
      reviews: facts.reviews.map((r) => ({
        id: r.id,
        approval_id: r.approvalId,
        reviewer: r.reviewer,
        decision: r.decision,
        findings: r.findings,
        at: r.at,
      })),
      next_review_due: schedule?.dueAt ?? null,
      review_overdue: schedule?.overdue ?? false,
    },
    missing,
  };
}
