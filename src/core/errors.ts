import type { Issue } from './issues.ts';

/**
 * The closed set of error codes Ballast answers with, each with its HTTP status. The CLI maps the
 * same codes to exit codes and the server to `application/problem+json`; docs/errors.md documents
 * every one (a test checks the two agree in both directions).
 */
export const ERROR_CODES = {
  invalid_argument: { status: 400, title: 'An argument is missing or malformed' },
  invalid_request: { status: 400, title: 'The request body does not have the required shape' },
  unauthorized: { status: 401, title: 'The request has no valid bearer token' },
  forbidden: { status: 403, title: "The token's role does not allow this" },
  malformed_json: { status: 400, title: 'The body is not valid JSON, or uses a forbidden key such as __proto__' },
  payload_too_large: { status: 413, title: 'The body is larger than the server accepts' },
  request_timeout: { status: 408, title: "The request was not received in full within the server's request timeout" },
  too_many_instances: { status: 413, title: 'The request has more instances than one request may carry' },
  unsupported_media_type: { status: 415, title: 'The body is not application/json' },
  malformed_request: { status: 400, title: 'The request is not valid HTTP, or its URL cannot be decoded' },
  uri_too_long: { status: 414, title: 'A segment of the path is longer than the server accepts' },
  headers_too_large: { status: 431, title: 'The request headers are larger than the server accepts' },
  route_not_found: { status: 404, title: 'No route has that method and path' },
  invalid_model_ref: { status: 400, title: 'A model reference is not NAME, NAME@alias or NAME:version' },
  invalid_data: { status: 422, title: 'A data file cannot be read as a table' },
  invalid_contract: { status: 422, title: 'A contract file does not follow the contract format' },
  invalid_alert_rules: {
    status: 422,
    title: 'An alert rules file does not follow the ballast.alerts/v1 format, or names what does not exist',
  },
  invalid_oncall_schedule: { status: 422, title: 'An on-call file does not follow the ballast.oncall/v1 format' },
  invalid_ensemble: { status: 422, title: 'An ensemble cannot be set: its members do not fit together or the deployment cannot take one' },
  invalid_test_suite: {
    status: 422,
    title: 'A test suite does not follow the ballast.tests/v1 format, or does not fit the data or the model',
  },
  test_data_insufficient: {
    status: 422,
    title: 'The test data has too few rows for a check (a filter matching nothing, a group too small)',
  },
  missing_column: { status: 422, title: 'A column the model needs is not in the data' },
  invalid_value: { status: 422, title: 'A value does not fit its column' },
  contract_failed: { status: 422, title: 'The data breaks an error-severity rule of its contract' },
  contract_violation: { status: 422, title: "A request row breaks a rule of the deployment's contract whose policy is reject" },
  unsafe_format: { status: 422, title: 'The file is an executable format (pickle, joblib) that Ballast never loads' },
  unsupported_format: { status: 422, title: 'The file is not a model format Ballast loads' },
  invalid_model: { status: 422, title: 'The model file is corrupt, truncated or uses an unsupported feature' },
  external_data: { status: 422, title: 'The ONNX model keeps tensors in external files, which Ballast never reads' },
  format_mismatch: { status: 422, title: 'The file does not match the format given for it' },
  path_outside_store: { status: 400, title: 'A path would leave the artifact store' },
  model_not_found: { status: 404, title: 'No model has that name' },
  version_not_found: { status: 404, title: 'The model has no such version' },
  alias_not_found: { status: 404, title: 'The model has no such alias' },
  snapshot_not_found: { status: 404, title: 'No dataset snapshot has that id or hash' },
  artifact_not_found: { status: 404, title: 'No artifact has that hash' },
  token_not_found: { status: 404, title: 'No active token has that id' },
  deployment_not_found: { status: 404, title: 'No deployment has that name' },
  silence_not_found: { status: 404, title: 'No running alert silence has that id' },
  incident_not_found: { status: 404, title: 'No incident has that id' },
  prediction_not_found: { status: 404, title: 'No logged prediction has that id' },
  alert_rule_not_found: { status: 404, title: 'No alert rule has that name' },
  contract_not_found: { status: 404, title: 'The model version has no contract' },
  slo_not_found: { status: 404, title: 'The deployment has no such service level objective' },
  shadow_not_found: { status: 404, title: 'The deployment has no shadow' },
  shadow_model_failed: {
    status: 422,
    title: 'The shadow version did not load or did not answer a smoke request from its training snapshot',
  },
  test_run_not_found: { status: 404, title: 'No model test run has that id' },
  review_not_found: { status: 404, title: 'No review item has that id' },
  review_already_decided: { status: 409, title: 'The review item was already decided; a decision is final' },
  approval_not_found: { status: 404, title: 'No approval has that id, or the version has no approval of the kind asked for' },
  explain_unavailable: {
    status: 422,
    title: 'The model cannot be explained by the method asked for, or the method lacks what it needs (a background sample)',
  },
  importance_not_found: { status: 404, title: 'The version has no global importance (it could not be computed at registration)' },
  card_not_found: { status: 404, title: 'No stored model card has that id' },
  invalid_feature_definitions: {
    status: 422,
    title: 'A feature definitions file does not follow the ballast.features/v1 format, or its parts do not fit together',
  },
  feature_set_not_found: { status: 404, title: 'No feature definitions have been applied, or none has that version' },
  feature_not_found: { status: 404, title: 'An entity, feature view or feature named is not in the applied feature definitions' },
  missing_entity: {
    status: 422,
    title: 'A request lacks its entity key, or the online store has no values for it and the deployment rejects such requests',
  },
  online_store_unavailable: { status: 503, title: 'The online feature store (Redis) cannot be reached' },
  invalid_pipeline: {
    status: 422,
    title: 'A pipeline file does not follow the ballast.pipeline/v1 format (a cycle, an output declared twice, a missing dependency)',
  },
  pipeline_step_failed: { status: 422, title: "A pipeline step's command failed, or it did not write an output it declares" },
  undeclared_output: { status: 422, title: 'A pipeline step changed a file of the pipeline that is not among its declared outputs' },
  pipeline_run_not_found: { status: 404, title: 'No pipeline run has that id, or the version was not registered by a pipeline run' },
  unknown_label: { status: 422, title: 'The label is not a class the model knows (or not a finite number, for a regressor)' },
  invalid_review_policy: { status: 422, title: 'A review policy condition or fallback cannot be read, or does not fit the model' },
  file_too_large: { status: 413, title: 'A file given is larger than the configured limit' },
  file_not_found: { status: 404, title: 'A file given on the command line does not exist or cannot be read' },
  conflict: { status: 409, title: 'The change conflicts with the current state; retry' },
  rollout_in_progress: { status: 409, title: 'The deployment has an active rollout, which must end before this change' },
  rollout_not_found: { status: 404, title: 'The deployment has no active rollout' },
  rollout_state_conflict: { status: 409, title: "The rollout's status does not allow this step" },
  rollout_candidate_failed: { status: 422, title: 'The rollout candidate did not load or did not answer a smoke request' },
  invalid_rollout: { status: 422, title: 'The rollout options are not valid' },
  gate_failed: { status: 409, title: "The version does not meet its model's promotion policy (a required suite or approval is missing)" },
  self_approval: { status: 403, title: 'An approval must be decided by someone other than its requester' },
  approval_already_decided: { status: 409, title: 'The approval was already approved or rejected; a decision is final' },
  audit_broken: { status: 500, title: 'The audit log failed verification: an entry was edited, deleted, reordered or cut' },
  artifact_corrupt: { status: 500, title: 'An artifact no longer matches its hash' },
  store_unavailable: { status: 503, title: 'The database cannot be reached' },
  unavailable: { status: 503, title: 'The server is starting, shutting down, or cannot write the prediction log' },
  internal: { status: 500, title: 'An unexpected error; the server log has details' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class BallastError extends Error {
  override readonly name = 'BallastError';
  readonly code: ErrorCode;
  readonly issues: readonly Issue[];

  constructor(code: ErrorCode, message: string, issues: readonly Issue[] = []) {
    super(message);
    this.code = code;
    this.issues = issues;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}
