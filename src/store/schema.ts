/**
 * Table shapes shared by both dialects. Times are ISO-8601 UTC text and structured fields are JSON
 * text, so one code path reads and writes the same values on SQLite and PostgreSQL.
 */
export interface ModelsTable {
  id: string;
  name: string;
  description: string;
  owner: string;
  intended_use: string;
  tags: string; // JSON array of strings
  created_by: string;
  created_at: string;
}

export interface ModelVersionsTable {
  id: string;
  model_id: string;
  version: number;
  artifact_sha256: string;
  format: string;
  signature: string; // JSON ModelSignature
  snapshot_id: string | null;
  contract_id: string | null;
  contract_report: string | null; // JSON ValidationReport of the training data
  code_ref: string | null;
  parameters: string; // JSON object
  metrics: string; // JSON object
  created_by: string;
  created_at: string;
}

export interface AliasesTable {
  model_id: string;
  alias: string;
  version_id: string;
  updated_by: string;
  updated_at: string;
}

export interface DatasetSnapshotsTable {
  id: string;
  sha256: string;
  row_count: number;
  column_count: number;
  columns: string; // JSON [{name, type}]
  label_column: string | null;
  source: string;
  created_by: string;
  created_at: string;
}

export interface ArtifactsTable {
  sha256: string;
  size_bytes: number;
  media_type: string;
  created_at: string;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  object_type: string;
  object_id: string;
  details: string; // JSON object
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface DeploymentsTable {
  id: string;
  name: string;
  version_id: string;
  config: string; // JSON DeploymentConfig
  routing: string | null; // JSON DeploymentRouting (core/rollouts/deployment-routing.ts); null: none
  revision: number;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

export interface DeploymentRevisionsTable {
  deployment_id: string;
  revision: number;
  version_id: string;
  config: string;
  routing: string | null;
  actor: string;
  at: string;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  role: string;
  secret_hash: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  /** JSON array of permissions beyond the role (`sensitive:read`); null: none. */
  permissions: string | null;
}

/** Columns of a version marked sensitive or pii by hand (migration 0025). */
export interface SensitiveColumnsTable {
  version_id: string;
  column_name: string;
  kind: string;
  marked_by: string;
  marked_at: string;
}

export interface PredictionsTable {
  id: string;
  at: string;
  deployment_id: string;
  deployment_name: string;
  version_id: string;
  model_name: string;
  model_version: number;
  request_id: string | null;
  inputs: string; // JSON array: the version's feature values in signature order (core/logged-inputs.ts); rows written before: an object
  output: string; // JSON PredictionRecord
  latency_ms: number;
  violations: string | null; // JSON [{column, code, policy, message}] let through by a flag policy
  role: string | null; // AnswerRole of the version that answered; null: written before roles (stable)
  enrichment: string | null; // JSON PredictionEnrichment (core/features/enrich-rows.ts); null: none
}

export interface ContractsTable {
  id: string;
  sha256: string;
  name: string;
  document: string; // canonical JSON of the Contract
  created_by: string;
  created_at: string;
}

export interface ContractViolationCountsTable {
  deployment_name: string;
  window_start: string;
  column_name: string;
  code: string;
  policy: string;
  count: number;
}

export interface ReferenceProfilesTable {
  version_id: string;
  profile: string; // JSON DatasetProfileState
  multivariate: string | null; // JSON PcaReconstructionModel
  rows: number;
  created_at: string;
}

export interface WindowProfilesTable {
  deployment_name: string;
  window_start: string;
  window_ms: number;
  version_id: string;
  source: string;
  rows: number;
  profile: string; // JSON DatasetProfileState
  reconstruction: string | null; // JSON MomentsState
  status: string;
  updated_at: string;
  latency: string | null; // JSON KllState of request latencies (ms); null: unknown (rows before 0010)
  errors: number | null; // failed requests (5xx); null: unknown (rows before 0010, windows rebuilt from the log)
}

export interface FeedbackTable {
  id: string;
  prediction_id: string;
  deployment_name: string;
  label: string; // JSON: a class value or a number
  received_at: string;
  actor: string;
  source: string | null; // null: sent by the client; 'review': a reviewer's decision (migration 0022)
}

export interface LabelledReferencesTable {
  version_id: string;
  id: string;
  classes: string; // JSON array of the version's classes, in signature order
  label_column: string;
  source: string;
  source_sha256: string;
  rows: number;
  data: string; // JSON {labels, predictions, scores: [...]}, each a base64 little-endian typed array
  created_by: string;
  created_at: string;
}

export interface EventsTable {
  id: string;
  prediction_id: string;
  deployment_name: string;
  version_id: string; // the prediction's, copied when the event is written
  prediction_at: string; // the prediction's `at`, copied when the event is written
  name: string;
  value: number;
  at: string;
  received_at: string;
  actor: string;
}

export interface AlertReceiversTable {
  name: string;
  kind: string; // webhook | alertmanager | slack
  url: string;
  allow_private: number; // 0 | 1
  position: number; // order in the rules file
}

export interface AlertRulesTable {
  name: string;
  deployment_name: string;
  signal: string;
  position: number; // order in the rules file
  rule: string; // JSON AlertRule
  updated_by: string;
  updated_at: string;
}

export interface AlertRuleStatesTable {
  rule: string;
  state: string; // inactive | pending | firing
  since: string;
  active_since: string | null;
  last_active_at: string | null;
  value: number | null;
  no_data: number; // 0 | 1
  evaluated_at: string | null;
  model_name: string | null;
  model_version: number | null;
}

export interface AlertSettingsTable {
  name: string;
  value: string; // JSON
}

/** Who holds a named job that one process runs at a time, and until when (ISO). */
export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: string;
}

export interface AlertNotificationsTable {
  key: string; // receiver | rule | state | at: one alert event for one receiver
  receiver: string;
  deployment_name: string;
  rule: string;
  state: 'firing' | 'resolved';
  at: string;
  alert_json: string; // the alert as it is sent (core/alerts/alert-notification.ts NotifiedAlert)
  outcome: 'pending' | 'sent' | 'failed' | 'silenced' | 'inhibited' | 'skipped';
  idempotency_key: string | null; // of the notification that carried it
  attempts: number;
  error: string | null;
  updated_at: string;
}

export interface AlertSilencesTable {
  id: string;
  rule: string;
  reason: string;
  created_by: string;
  starts_at: string;
  ends_at: string; // set to the moment of `alerts unsilence`
}

export interface RollbacksTable {
  id: string;
  deployment_name: string;
  at: string;
  rule: string;
  from_model: string;
  from_version: number;
  to_model: string | null;
  to_version: number | null;
  outcome: string; // RollbackOutcomeKind
  reason: string;
  signal: string;
  value: number | null;
  threshold: number;
}

export interface ReviewItemsTable {
  id: string;
  prediction_id: string;
  deployment_name: string;
  version_id: string;
  model_name: string;
  model_version: number;
  role: string;
  status: string; // pending | decided
  reason: string;
  priority: number; // lower is more urgent
  fallback: string; // JSON: the ReviewFallback the caller got
  inputs: string; // JSON: the instance as the client sent it
  output: string; // JSON: the model's own answer
  violations: string; // JSON array of flagged contract violations
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
  label: string | null; // JSON: the decided class (or number)
  note: string | null;
}

export interface TestRunsTable {
  id: string;
  version_id: string;
  suite_name: string;
  suite_hash: string; // SHA-256 hex of the suite file
  data_file: string; // the data file's name as given
  data_hash: string; // SHA-256 hex of the data file
  data_rows: number;
  seed: number | string; // bigint: PostgreSQL's driver gives a string
  passed: number; // 0 | 1: every error-severity check passed
  checks: string; // JSON array of CheckResult
  created_by: string;
  created_at: string;
}

export interface ModelPoliciesTable {
  model_id: string;
  require_suites: string; // JSON array of suite names
  require_approval: number; // 0 | 1
  updated_by: string;
  updated_at: string;
}

export interface ApprovalsTable {
  id: string;
  version_id: string;
  model_name: string;
  model_version: number;
  stage: string; // ApprovalStage
  status: string; // pending | approved | rejected
  requested_by: string;
  requested_at: string;
  request_note: string | null;
  test_run_ids: string; // JSON array of test run ids
  review_every_days: number;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
}

export interface GovernanceReviewsTable {
  id: string;
  version_id: string;
  approval_id: string;
  reviewer: string;
  findings: string;
  decision: string; // keep | retrain | retire
  at: string;
}

/** A version's global importance (migration 0026). */
export interface VersionImportanceTable {
  version_id: string;
  method: string; // ExplainMethod
  space: string; // ExplanationSpace
  sample_rows: number;
  seed: number;
  features: string; // JSON array of FeatureImportance, most important first
  computed_at: string;
}

/** Applied versions of the feature definitions (migration 0027). */
export interface FeatureSetsTable {
  version: number;
  definitions: string; // JSON FeatureDefinitions
  sha256: string;
  source_file: string;
  created_by: string;
  created_at: string;
}

/** The latest materialised feature values per view and entity key (migration 0027). */
export interface OnlineFeaturesTable {
  view: string;
  entity_key: string;
  feature_values: string; // JSON object: feature name -> value (null when missing)
  event_time: string; // ISO 8601, UTC
  feature_set_version: number;
  materialized_at: string;
}

export interface FeatureMaterializationsTable {
  id: string;
  view: string;
  feature_set_version: number;
  start_time: string | null;
  end_time: string;
  rows: number;
  status: string; // 'running' | 'succeeded' | 'failed'
  started_at: string;
  finished_at: string | null;
  created_by: string;
}

export interface PipelineRunsTable {
  id: string;
  pipeline: string;
  status: string; // PipelineRunRecord['status']
  record: string; // JSON PipelineRunRecord
  reproduces: string | null;
  started_at: string;
  finished_at: string;
  created_by: string;
}

export interface PipelineStepCacheTable {
  step_hash: string;
  step_name: string;
  outs: string; // JSON object: path -> sha256
  run_id: string;
  created_at: string;
}

export interface TrainingSetsTable {
  sha256: string;
  provenance: string; // JSON TrainingSetProvenance
  output: string;
  rows: number;
  created_by: string;
  created_at: string;
}

export interface VersionProvenanceTable {
  version_id: string;
  feature_set_version: number | null;
  training_set: string | null; // JSON TrainingSetProvenance
  pipeline_run_id: string | null;
  pipeline_step: string | null;
}

/** What people state about a version (migration 0026). */
export interface VersionAnnotationsTable {
  version_id: string;
  intended_use: string | null;
  out_of_scope: string; // JSON array of strings
  limitations: string; // JSON array of strings
  updated_by: string;
  updated_at: string;
}

/** Stored copies of generated model cards (migration 0026). */
export interface ModelCardsTable {
  id: string;
  version_id: string;
  approval_id: string | null;
  card: string; // the card's JSON form
  sha256: string; // of `card`
  created_by: string;
  created_at: string;
}

export interface RolloutsTable {
  id: string;
  deployment_name: string;
  strategy: string; // RolloutStrategy
  candidate_version_id: string;
  candidate_model: string;
  candidate_version: number;
  stable_version_id: string;
  stable_model: string;
  stable_version: number;
  options: string; // JSON object
  started_at: string;
  started_by: string;
  ended_at: string | null;
  ended_by: string | null;
  outcome: string | null; // RolloutOutcome; null while active
  reason: string | null;
}

export interface RolloutAnalysesTable {
  id: string;
  rollout_id: string;
  deployment_name: string;
  step_index: number;
  weight: number;
  at: string;
  window_start: string;
  window_end: string;
  verdict: string; // GateVerdict
  checks: string; // JSON GateCheck[]
}

export interface IncidentsTable {
  id: string;
  deployment_name: string;
  open_key: string | null; // the deployment's name until resolved: one open incident per deployment
  title: string;
  severity: string;
  status: string; // open | acknowledged | mitigated | resolved
  commander: string | null;
  rules: string; // JSON array of rule names
  opened_at: string;
  acknowledged_at: string | null;
  mitigated_at: string | null;
  resolved_at: string | null;
}

export interface IncidentEventsTable {
  id: string;
  incident_id: string;
  at: string;
  kind: string;
  actor: string | null;
  summary: string;
  details: string; // JSON object
}

export interface PostmortemsTable {
  incident_id: string;
  text: string; // Markdown
  reviewed: number; // 0 | 1
  created_at: string;
  updated_at: string;
  updated_by: string;
}

export interface SlosTable {
  deployment_name: string;
  name: string;
  kind: string; // availability | latency | behaviour
  target: number;
  period_ms: number;
  threshold_ms: number | null; // latency
  signal: string | null; // behaviour
  comparison: string | null; // behaviour: >= | <=
  threshold: number | null; // behaviour
  window_ms: number | null; // behaviour
  updated_at: string;
  updated_by: string;
}

export interface IncidentActionItemsTable {
  incident_id: string;
  position: number;
  text: string;
  owner: string | null;
  done: number; // 0 | 1
}

export interface OncallScheduleVersionsTable {
  version: number;
  document: string; // canonical JSON of the ballast.oncall/v1 document
  sha256: string;
  created_by: string;
  created_at: string;
}

export interface PagesTable {
  id: string;
  incident_id: string;
  deployment_name: string;
  schedule: string;
  level: number;
  person: string | null; // null: nobody was on call
  receiver: string | null;
  status: string; // sending | sent | failed | no_one_on_call
  reason: string | null;
  at: string;
  schedules_version: number;
}

export interface ShadowPredictionsTable {
  id: string;
  primary_prediction_id: string | null; // null on a `dropped` row, which counts several
  deployment_name: string;
  version_id: string; // the shadow's version
  at: string;
  outcome: string; // ShadowOutcome: scored | failed | timed_out | dropped
  rows: number; // 1, or how many predictions a `dropped` row stands for
  output: string | null; // JSON PredictionRecord; null unless scored
  error: string | null;
  latency_ms: number | null; // the shadow's model call; null when it did not run
}

export interface Database {
  models: ModelsTable;
  model_versions: ModelVersionsTable;
  aliases: AliasesTable;
  dataset_snapshots: DatasetSnapshotsTable;
  artifacts: ArtifactsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  deployments: DeploymentsTable;
  deployment_revisions: DeploymentRevisionsTable;
  api_tokens: ApiTokensTable;
  sensitive_columns: SensitiveColumnsTable;
  predictions: PredictionsTable;
  shadow_predictions: ShadowPredictionsTable;
  contracts: ContractsTable;
  contract_violation_counts: ContractViolationCountsTable;
  reference_profiles: ReferenceProfilesTable;
  window_profiles: WindowProfilesTable;
  feedback: FeedbackTable;
  labelled_references: LabelledReferencesTable;
  events: EventsTable;
  alert_receivers: AlertReceiversTable;
  alert_rules: AlertRulesTable;
  alert_rule_states: AlertRuleStatesTable;
  alert_settings: AlertSettingsTable;
  leases: LeasesTable;
  alert_notifications: AlertNotificationsTable;
  alert_silences: AlertSilencesTable;
  rollbacks: RollbacksTable;
  rollout_analyses: RolloutAnalysesTable;
  incidents: IncidentsTable;
  incident_events: IncidentEventsTable;
  postmortems: PostmortemsTable;
  incident_action_items: IncidentActionItemsTable;
  oncall_schedule_versions: OncallScheduleVersionsTable;
  pages: PagesTable;
  slos: SlosTable;
  review_items: ReviewItemsTable;
  rollouts: RolloutsTable;
  test_runs: TestRunsTable;
  model_policies: ModelPoliciesTable;
  approvals: ApprovalsTable;
  governance_reviews: GovernanceReviewsTable;
  version_importance: VersionImportanceTable;
  version_annotations: VersionAnnotationsTable;
  model_cards: ModelCardsTable;
  feature_sets: FeatureSetsTable;
  online_features: OnlineFeaturesTable;
  feature_materializations: FeatureMaterializationsTable;
  pipeline_runs: PipelineRunsTable;
  pipeline_step_cache: PipelineStepCacheTable;
  version_provenance: VersionProvenanceTable;
  training_sets: TrainingSetsTable;
}
