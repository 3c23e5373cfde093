import {
  expectObject,
  namesIn,
  optionalBoolean,
  optionalEnum,
  optionalString,
  reportDuplicateNames,
  show,
  unknownKeys,
  type Doc,
  type Report,
} from '../contracts/document-readers.ts';
import { parseDuration } from '../contracts/parse-duration.ts';
import { IssueCollector, type IssuePath } from '../issues.ts';
import { parseModelRef } from '../model-ref.ts';
import { readDocumentText } from '../read-document-text.ts';
import {
  DEFAULT_ROLLBACK_COOLDOWN_MS,
  RECEIVER_KINDS,
  SEVERITIES,
  type AlertReceiver,
  type AlertRule,
  type ReceiverKind,
  type RollbackSpec,
  type RollbackTarget,
} from './alert-rule.ts';
import { parseSignal, type SignalFamily } from './signals.ts';

const ALERT_RULES_FORMAT = 'ballast.alerts/v1';

/**
 * How notifications of one deployment are grouped (Alertmanager's `group_wait`). Alertmanager's
 * `repeat_interval` is not offered: a firing alert is sent once, when it starts firing, and once when it resolves.
 */
export interface NotificationSettings {
  readonly groupWaitMs: number;
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = { groupWaitMs: 10_000 };

/** A rules file as read: `receivers` is null when the file has no `receivers` key (the stored ones stay). */
export interface AlertRulesDocument {
  readonly receivers: readonly AlertReceiver[] | null;
  readonly rules: readonly AlertRule[];
  readonly notifications: NotificationSettings;
}

/** Signals read over a whole deployment or an SLO's own windows: `window` may be left out (stored as 0). */
const UNWINDOWED: readonly SignalFamily[] = ['log.backlog', 'reviews.pending', 'governance.review_overdue', 'slo.burn_rate', 'slo.alert'];

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const NAME_RULE = "1-128 letters, digits, '.', '_' or '-', starting with a letter or digit";
const MAX_RULES = 1000;
const MAX_SIGNAL_LENGTH = 256;

/**
 * Reads a `ballast.alerts/v1` rules file (JSON or YAML; docs/alerts.md) into rules and receivers.
 * Every problem is reported at once with its path (`["rules", 2, "for"]`) in one
 * BallastError('invalid_alert_rules'). What needs the store (does the deployment exist, the rollback
 * target, the column) is checked by the apply use case.
 */
export function parseAlertRules(text: string, format: 'json' | 'yaml', source: string): AlertRulesDocument {
  const issues = new IssueCollector();
  const document = readDocumentText(text, format, issues);
  const result = document === undefined ? undefined : checkAlertRulesDocument(document, issues);
  issues.throwIfAny('invalid_alert_rules', `${source} is not a valid alert rules file`);
  return result!;
}

/** The same check for a document already parsed (the API's JSON body). */
export function checkAlertRules(document: unknown, source: string): AlertRulesDocument {
  const issues = new IssueCollector();
  const result = checkAlertRulesDocument(document, issues);
  issues.throwIfAny('invalid_alert_rules', `${source} is not a valid alert rules file`);
  return result;
}

function checkAlertRulesDocument(document: unknown, issues: IssueCollector): AlertRulesDocument {
  const report: Report = (code, path, message) => issues.report(code, path, message);
  const empty: AlertRulesDocument = { receivers: null, rules: [], notifications: DEFAULT_NOTIFICATION_SETTINGS };
  const doc = expectObject(document, [], report, 'an alert rules file');
  if (doc === undefined) return empty;
  unknownKeys(doc, ['format', 'receivers', 'rules', 'notifications'], [], report);
  if (doc.format !== ALERT_RULES_FORMAT)
    report(doc.format === undefined ? 'missing' : 'invalid_value', ['format'], `must be ${ALERT_RULES_FORMAT} (got ${show(doc.format)})`);
  const receivers = doc.receivers === undefined ? null : readList(doc.receivers, ['receivers'], report, readReceiver);
  // Receiver names as written (even of a receiver with other problems), so a rule's notify is checked once.
  const known = doc.receivers === undefined ? null : new Set(namesIn(doc.receivers));
  const rules = readList(doc.rules ?? [], ['rules'], report, (item, path, r) => readRule(item, path, r, known));
  if (rules.length > MAX_RULES) report('too_big', ['rules'], `at most ${MAX_RULES} rules`);
  reportDuplicateNames(doc.receivers, ['receivers'], report);
  reportDuplicateNames(doc.rules, ['rules'], report);
  const notifications = doc.notifications === undefined ? DEFAULT_NOTIFICATION_SETTINGS : readNotifications(doc.notifications, report);
  return { receivers, rules, notifications };
}

function readList<T>(
  value: unknown,
  path: IssuePath,
  report: Report,
  read: (item: unknown, path: IssuePath, report: Report) => T | undefined,
): T[] {
  if (!Array.isArray(value)) {
    report('invalid_type', path, `must be a list (got ${show(value)})`);
    return [];
  }
  const out: T[] = [];
  value.forEach((item, i) => {
    const read1 = read(item, [...path, i], report);
    if (read1 !== undefined) out.push(read1);
  });
  return out;
}

function readReceiver(value: unknown, path: IssuePath, report: Report): AlertReceiver | undefined {
  const doc = expectObject(value, path, report, 'a receiver');
  if (doc === undefined) return undefined;
  unknownKeys(doc, ['name', ...RECEIVER_KINDS, 'allow_private'], path, report);
  const name = requiredName(doc, path, report);
  const kinds = RECEIVER_KINDS.filter((k) => doc[k] !== undefined);
  if (kinds.length !== 1) {
    report(kinds.length === 0 ? 'missing' : 'invalid_value', path, `needs exactly one of ${RECEIVER_KINDS.join(', ')} with its URL`);
    return undefined;
  }
  const kind: ReceiverKind = kinds[0]!;
  const url = readUrl(doc[kind], [...path, kind], report);
  const allowPrivate = optionalBoolean(doc, 'allow_private', path, report) ?? false;
  return name === undefined || url === undefined ? undefined : { name, kind, url, allowPrivate };
}

function readUrl(value: unknown, path: IssuePath, report: Report): string | undefined {
  if (typeof value !== 'string') {
    report('invalid_type', path, `must be an http or https URL (got ${show(value)})`);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    report('invalid_format', path, `is not a URL (got ${show(value)})`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    report('invalid_value', path, `must be an http or https URL (got ${url.protocol.slice(0, -1)})`);
    return undefined;
  }
  return value;
}

/** `receivers`: the names the file defines, or null when it defines none (the store's are checked on apply). */
function readRule(
  value: unknown,
  path: IssuePath,
  report: Report,
  receivers: ReadonlySet<string | undefined> | null,
): AlertRule | undefined {
  const doc = expectObject(value, path, report, 'a rule');
  if (doc === undefined) return undefined;
  const keys = [
    'name',
    'deployment',
    'signal',
    'window',
    'above',
    'below',
    'for',
    'keep_firing_for',
    'severity',
    'notify',
    'on_no_data',
    'rollback',
    'description',
  ];
  unknownKeys(doc, keys, path, report);
  const name = requiredName(doc, path, report);
  const deployment = requiredText(doc, 'deployment', path, report);
  const signalText = requiredText(doc, 'signal', path, report);
  // The store keeps signal names in a column of 300 characters; column names longer than that are not real.
  const tooLong = signalText !== undefined && signalText.length > MAX_SIGNAL_LENGTH;
  if (tooLong) report('too_big', [...path, 'signal'], `must be at most ${MAX_SIGNAL_LENGTH} characters`);
  const parsed = signalText === undefined || tooLong ? undefined : parseSignal(signalText);
  if (parsed !== undefined && 'problem' in parsed) report('invalid_value', [...path, 'signal'], parsed.problem);
  const family = parsed !== undefined && 'signal' in parsed ? parsed.signal.family : undefined;

  const windowed = family === undefined || !UNWINDOWED.includes(family);
  let windowMs = duration(doc, 'window', path, report, windowed ? undefined : 0);
  if (windowMs !== undefined && windowed && (windowMs < 1000 || windowMs % 1000 !== 0)) {
    report('invalid_value', [...path, 'window'], 'must be whole seconds, at least 1s (the monitoring window the signal is read on)');
    windowMs = undefined;
  }
  const [above, below] = [threshold(doc, 'above', path, report), threshold(doc, 'below', path, report)];
  if ((above === undefined) === (below === undefined))
    report(above === undefined ? 'missing' : 'invalid_value', path, 'needs exactly one of above or below (the threshold)');
  const forMs = duration(doc, 'for', path, report, 0);
  const keepFiringForMs = duration(doc, 'keep_firing_for', path, report, 0);
  const severity = optionalEnum(doc, 'severity', SEVERITIES, path, report) ?? 'ticket';
  const notify = readNotify(doc.notify, [...path, 'notify'], report);
  notify?.forEach((receiver, j) => {
    if (receivers !== null && !receivers.has(receiver))
      report('invalid_value', [...path, 'notify', j], `no receiver is named ${JSON.stringify(receiver)}`);
  });
  const onNoData = optionalEnum(doc, 'on_no_data', ['ok', 'firing'] as const, path, report) ?? 'ok';
  const rollback = doc.rollback === undefined || doc.rollback === null ? null : readRollback(doc.rollback, [...path, 'rollback'], report);
  const description = optionalString(doc, 'description', path, report) ?? null;
  if ([name, deployment, family, windowMs, forMs, keepFiringForMs, notify, rollback].includes(undefined)) return undefined;
  if (above === undefined && below === undefined) return undefined;
  return {
    name: name!,
    deployment: deployment!,
    signal: signalText!,
    windowMs: windowMs!,
    above: above ?? null,
    below: above === undefined ? (below ?? null) : null,
    forMs: forMs!,
    keepFiringForMs: keepFiringForMs!,
    severity,
    notify: notify!,
    onNoData,
    rollback: rollback!,
    description,
  };
}

function requiredName(doc: Doc, path: IssuePath, report: Report): string | undefined {
  const name = requiredText(doc, 'name', path, report);
  if (name !== undefined && !NAME.test(name)) {
    report('invalid_value', [...path, 'name'], `must be ${NAME_RULE} (got ${show(name)})`);
    return undefined;
  }
  return name;
}

function requiredText(doc: Doc, key: string, path: IssuePath, report: Report): string | undefined {
  const value = doc[key];
  if (typeof value === 'string' && value.trim() !== '') return value;
  report(
    value === undefined ? 'missing' : 'invalid_type',
    [...path, key],
    value === undefined ? 'is required' : `must be text (got ${show(value)})`,
  );
  return undefined;
}

function threshold(doc: Doc, key: 'above' | 'below', path: IssuePath, report: Report): number | undefined {
  const value = doc[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  report('invalid_type', [...path, key], `must be a finite number (got ${show(value)})`);
  return undefined;
}

/**
 * A duration (`30s`, `5m`, `PT1H`, or the number 0) in milliseconds; `fallback` when absent, or a
 * `missing` issue when there is none. Negative durations are refused by name, as they are an easy slip.
 */
function duration(doc: Doc, key: string, path: IssuePath, report: Report, fallback: number | undefined): number | undefined {
  const value = doc[key];
  if (value === undefined) {
    if (fallback === undefined) report('missing', [...path, key], 'is required: a duration such as 30s, 5m, 1h');
    return fallback;
  }
  return readDuration(value, [...path, key], report);
}

function readDuration(value: unknown, path: IssuePath, report: Report): number | undefined {
  if (value === 0) return 0;
  if (typeof value === 'number' || (typeof value === 'string' && value.trim().startsWith('-'))) {
    const negative = typeof value === 'number' ? value < 0 : true;
    report(
      'invalid_value',
      path,
      negative ? `must not be negative (got ${show(value)})` : `must be a duration with its unit, e.g. ${value}s`,
    );
    return undefined;
  }
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms === undefined)
    report(
      typeof value === 'string' ? 'invalid_format' : 'invalid_type',
      path,
      `must be a duration such as 30s, 5m, 1h (got ${show(value)})`,
    );
  return ms;
}

function readNotify(value: unknown, path: IssuePath, report: Report): string[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    report('invalid_type', path, `must be a list of receiver names (got ${show(value)})`);
    return undefined;
  }
  const names: string[] = [];
  let ok = true;
  value.forEach((item, i) => {
    if (typeof item === 'string' && item !== '') names.push(item);
    else {
      report('invalid_type', [...path, i], `must be a receiver name (got ${show(item)})`);
      ok = false;
    }
  });
  return ok ? names : undefined;
}

/** `previous`, `alias:NAME`, a MODEL_REF, or `{to, dry_run, cooldown}` with one of those as `to`. */
function readRollback(value: unknown, path: IssuePath, report: Report): RollbackSpec | undefined {
  if (typeof value === 'string') {
    const to = readRollbackTarget(value, path, report);
    return to === undefined ? undefined : { to, dryRun: false, cooldownMs: DEFAULT_ROLLBACK_COOLDOWN_MS };
  }
  const doc = expectObject(value, path, report, 'rollback');
  if (doc === undefined) return undefined;
  unknownKeys(doc, ['to', 'dry_run', 'cooldown'], path, report);
  const to = typeof doc.to === 'string' ? readRollbackTarget(doc.to, [...path, 'to'], report) : undefined;
  if (typeof doc.to !== 'string')
    report(doc.to === undefined ? 'missing' : 'invalid_type', [...path, 'to'], 'must be previous, alias:NAME or a model reference');
  const dryRun = optionalBoolean(doc, 'dry_run', path, report) ?? false;
  const cooldownMs = doc.cooldown === undefined ? DEFAULT_ROLLBACK_COOLDOWN_MS : readDuration(doc.cooldown, [...path, 'cooldown'], report);
  return to === undefined || cooldownMs === undefined ? undefined : { to, dryRun, cooldownMs };
}

function readRollbackTarget(text: string, path: IssuePath, report: Report): RollbackTarget | undefined {
  if (text === 'previous') return { kind: 'previous' };
  if (text.startsWith('alias:')) {
    const alias = text.slice('alias:'.length);
    if (NAME.test(alias) && !/^\d+$/.test(alias)) return { kind: 'alias', alias };
    report('invalid_value', path, `alias:NAME needs an alias name (${NAME_RULE}, not a bare number); got ${show(text)}`);
    return undefined;
  }
  try {
    parseModelRef(text);
    return { kind: 'model', ref: text };
  } catch (error) {
    report('invalid_value', path, `must be previous, alias:NAME or a model reference: ${(error as Error).message}`);
    return undefined;
  }
}

function readNotifications(value: unknown, report: Report): NotificationSettings {
  const path = ['notifications'];
  const doc = expectObject(value, path, report, 'notifications');
  if (doc === undefined) return DEFAULT_NOTIFICATION_SETTINGS;
  unknownKeys(doc, ['group_wait'], path, report);
  const groupWaitMs = duration(doc, 'group_wait', path, report, DEFAULT_NOTIFICATION_SETTINGS.groupWaitMs);
  return { groupWaitMs: groupWaitMs ?? DEFAULT_NOTIFICATION_SETTINGS.groupWaitMs };
}
