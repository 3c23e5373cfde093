import { readFile } from 'node:fs/promises';
import { SEVERITIES, type AlertRule, type Severity } from '../../core/alerts/alert-rule.ts';
import { BallastError } from '../../core/errors.ts';
import { IssueCollector } from '../../core/issues.ts';

/**
 * Alert rules as `GET /v1/alerts/rules` answers them (`{"rules": [...]}`, snake_case), read from a
 * file: what `ballast alerts export --prometheus --rules FILE` exports, so rules can be exported from
 * a server's answer (`curl …/v1/alerts/rules > rules.json`) without the server's database. Only the
 * fields the export uses are checked; the rollback and notify settings do not reach Prometheus.
 */
export async function readListedAlertRules(file: string): Promise<AlertRule[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new BallastError('file_not_found', `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new BallastError('invalid_argument', `${file} is not JSON (the answer of GET /v1/alerts/rules)`);
  }
  return alertRulesFromWire(document, file);
}

function alertRulesFromWire(document: unknown, file: string): AlertRule[] {
  const issues = new IssueCollector();
  const rules = (document as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) {
    issues.report('missing', ['rules'], 'expected {"rules": [...]} as GET /v1/alerts/rules answers');
    issues.throwIfAny('invalid_argument', `${file} holds no alert rules`);
  }
  const parsed: AlertRule[] = [];
  (rules as unknown[]).forEach((item, i) => {
    const r = (item ?? {}) as Record<string, unknown>;
    const text = (field: string) => {
      if (typeof r[field] === 'string' && r[field] !== '') return r[field];
      issues.report('invalid_type', ['rules', i, field], 'must be a non-empty string');
      return '';
    };
    const duration = (field: string) => {
      const value = r[field] ?? 0;
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
      issues.report('invalid_value', ['rules', i, field], 'must be a whole number of milliseconds, 0 or more');
      return 0;
    };
    const bound = (field: 'above' | 'below') => {
      const value = r[field] ?? null;
      if (value === null || (typeof value === 'number' && Number.isFinite(value))) return value;
      issues.report('invalid_type', ['rules', i, field], 'must be a number or null');
      return null;
    };
    const above = bound('above');
    const below = bound('below');
    if ((above === null) === (below === null)) issues.report('invalid_value', ['rules', i], 'needs exactly one of above and below');
    const severity = r.severity ?? 'page';
    if (!SEVERITIES.includes(severity as Severity))
      issues.report('invalid_value', ['rules', i, 'severity'], `must be one of ${SEVERITIES.join(', ')}`);
    parsed.push({
      name: text('name'),
      deployment: text('deployment'),
      signal: text('signal'),
      windowMs: duration('window_ms'),
      above,
      below,
      forMs: duration('for_ms'),
      keepFiringForMs: duration('keep_firing_for_ms'),
      severity: severity as Severity,
      notify: [],
      onNoData: r.on_no_data === 'firing' ? 'firing' : 'ok',
      rollback: null,
      description: typeof r.description === 'string' ? r.description : null,
    });
  });
  issues.throwIfAny('invalid_argument', `${file} holds invalid alert rules`);
  return parsed;
}
