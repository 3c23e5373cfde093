import { IssueCollector } from '../issues.ts';
import { checkOncallDocument, type OncallReferences } from './check-oncall-document.ts';
import { compactDuration } from './duration-text.ts';
import { ONCALL_FORMAT, type OncallSchedule, type Rotation } from './oncall-schedule.ts';
import { readDocumentText } from '../read-document-text.ts';

/**
 * Reads a `ballast.oncall/v1` file (JSON or YAML) and checks it whole: every problem is reported at
 * once with its path, in a BallastError('invalid_oncall_schedule'); `source` names the file.
 */
export function parseOncallText(
  text: string,
  format: 'json' | 'yaml',
  source: string,
  references: OncallReferences = {},
): OncallSchedule[] {
  const issues = new IssueCollector();
  const value = readDocumentText(text, format, issues);
  const schedules = issues.count > 0 ? [] : checkOncallDocument(value, (...issue) => issues.report(...issue), references);
  issues.throwIfAny('invalid_oncall_schedule', `${source} is not a valid on-call file`);
  return schedules;
}

/** The same check for a document already parsed from JSON (an API request's body). */
export function parseOncallDocument(value: unknown, source: string, references: OncallReferences = {}): OncallSchedule[] {
  const issues = new IssueCollector();
  const schedules = checkOncallDocument(value, (...issue) => issues.report(...issue), references);
  issues.throwIfAny('invalid_oncall_schedule', `${source} is not a valid on-call document`);
  return schedules;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The schedules written as a `ballast.oncall/v1` document again, in the form the API answers and the
 * store keeps: applying it gives the same schedules (override times as UTC instants, durations compact).
 */
export function oncallDocument(schedules: readonly OncallSchedule[]) {
  return {
    format: ONCALL_FORMAT,
    schedules: schedules.map((s) => ({
      name: s.name,
      deployments: s.deployments === '*' ? ('*' as const) : [...s.deployments],
      time_zone: s.timeZone,
      rotations: s.rotations.map(rotationDocument),
      overrides: s.overrides.map((o) => ({
        who: o.who,
        receiver: o.receiver,
        from: new Date(o.from).toISOString(),
        to: new Date(o.to).toISOString(),
      })),
      escalation: s.escalation.map((e) => ({
        level: e.level,
        to: e.to.kind === 'on_call' ? 'on_call' : e.to.name,
        ...(e.ackTimeoutMs === null ? {} : { ack_timeout: compactDuration(e.ackTimeoutMs) }),
      })),
    })),
  };
}

function rotationDocument(r: Rotation) {
  return {
    type: r.type,
    handoff: `${pad(r.handoff.hour)}:${pad(r.handoff.minute)}`,
    ...(r.type === 'weekly' ? { handoff_day: r.handoffDay } : {}),
    start: `${pad(r.start.year, 4)}-${pad(r.start.month)}-${pad(r.start.day)}`,
    participants: r.participants.map((p) => ({ name: p.name, receiver: p.receiver })),
  };
}
