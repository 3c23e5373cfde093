import { parseDuration } from '../contracts/parse-duration.ts';
import { expectObject, show, unknownKeys, type Doc, type Report } from '../contracts/document-readers.ts';
import type { IssuePath } from '../issues.ts';
import {
  ONCALL_FORMAT,
  type CivilDate,
  type EscalationLevel,
  type OncallSchedule,
  type Override,
  type Participant,
  type Rotation,
  type TimeOfDay,
} from './oncall-schedule.ts';
import { fromLocal, isTimeZone, WEEKDAYS, type Weekday } from './zoned-time.ts';

/** What the file is checked against beyond its own shape; absent: not checked (the names are unknown here). */
export interface OncallReferences {
  readonly deployments?: ReadonlySet<string>;
  readonly receivers?: ReadonlySet<string>;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const HANDOFF = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ]([01]\d|2[0-3]):([0-5]\d)$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Checks a parsed `ballast.oncall/v1` document whole and builds its schedules. Every problem is
 * reported with its path (`schedules[0].rotations[1].handoff`); the result is only meaningful when
 * nothing was reported.
 */
export function checkOncallDocument(value: unknown, report: Report, references: OncallReferences = {}): OncallSchedule[] {
  const doc = expectObject(value, [], report, 'an on-call file');
  if (doc === undefined) return [];
  unknownKeys(doc, ['format', 'schedules'], [], report);
  if (doc.format !== ONCALL_FORMAT)
    report(doc.format === undefined ? 'missing' : 'invalid_value', ['format'], `must be ${ONCALL_FORMAT} (got ${show(doc.format)})`);
  if (!Array.isArray(doc.schedules)) {
    report(
      doc.schedules === undefined ? 'missing' : 'invalid_type',
      ['schedules'],
      `must be a list of schedules (got ${show(doc.schedules)})`,
    );
    return [];
  }
  const raw = doc.schedules.map((item, i) => expectObject(item, ['schedules', i], report, 'a schedule'));
  const scheduleNames = new Set(raw.map((s) => s?.name).filter((n): n is string => typeof n === 'string'));
  const people = participantsOf(raw, report);
  const seen = new Set<string>();
  const schedules: OncallSchedule[] = [];
  raw.forEach((s, i) => {
    if (s === undefined) return;
    const schedule = checkSchedule(s, ['schedules', i], report, { scheduleNames, people, references });
    if (schedule === undefined) return;
    if (seen.has(schedule.name)) report('duplicate', ['schedules', i, 'name'], `another schedule is named ${schedule.name}`);
    seen.add(schedule.name);
    schedules.push(schedule);
  });
  return schedules;
}

interface Context {
  readonly scheduleNames: ReadonlySet<string>;
  /** Every participant of the file by name: a name means one person, paged at one receiver. */
  readonly people: ReadonlyMap<string, string>;
  readonly references: OncallReferences;
}

function checkSchedule(s: Doc, path: IssuePath, report: Report, context: Context): OncallSchedule | undefined {
  unknownKeys(s, ['name', 'deployments', 'time_zone', 'rotations', 'overrides', 'escalation'], path, report);
  const name = requiredName(s, 'name', path, report);
  const deployments = checkDeployments(s.deployments, [...path, 'deployments'], report, context.references.deployments);
  const timeZone = requiredString(s, 'time_zone', path, report);
  if (timeZone !== undefined && !isTimeZone(timeZone))
    report(
      'invalid_value',
      [...path, 'time_zone'],
      `is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC): ${show(timeZone)}`,
    );
  const zone = timeZone !== undefined && isTimeZone(timeZone) ? timeZone : undefined;
  const rotations = listOf(s, 'rotations', path, report, { required: true }).map(([item, p]) => checkRotation(item, p, report, context));
  const overrides = listOf(s, 'overrides', path, report).map(([item, p]) => checkOverride(item, p, report, zone, context));
  const escalation =
    s.escalation === undefined
      ? [{ level: 1, to: { kind: 'on_call' as const }, ackTimeoutMs: null }]
      : checkEscalation(s, path, report, name, context);
  if (name === undefined || deployments === undefined || zone === undefined) return undefined;
  if (rotations.includes(undefined) || overrides.includes(undefined) || escalation === undefined) return undefined;
  return {
    name,
    deployments,
    timeZone: zone,
    rotations: rotations as Rotation[],
    overrides: overrides as Override[],
    escalation,
  };
}

function checkDeployments(
  value: unknown,
  path: IssuePath,
  report: Report,
  known: ReadonlySet<string> | undefined,
): readonly string[] | '*' | undefined {
  if (value === '*') return '*';
  // An empty list is a schedule paged only through another's escalation (a secondary, a manager).
  if (!Array.isArray(value)) {
    const code = value === undefined ? 'missing' : 'invalid_type';
    report(code, path, `must be a list of deployment names, [] for none, or "*" for every deployment (got ${show(value)})`);
    return undefined;
  }
  const names: string[] = [];
  let ok = true;
  value.forEach((item, i) => {
    if (typeof item !== 'string' || item.length === 0) {
      report('invalid_type', [...path, i], `must be a deployment name (got ${show(item)})`);
      ok = false;
    } else if (names.includes(item)) {
      report('duplicate', [...path, i], `${item} is listed twice`);
    } else {
      if (known !== undefined && !known.has(item)) {
        report('invalid_value', [...path, i], `no deployment is named ${item}`);
        ok = false;
      }
      names.push(item);
    }
  });
  return ok ? names : undefined;
}

function checkRotation(value: unknown, path: IssuePath, report: Report, context: Context): Rotation | undefined {
  const r = expectObject(value, path, report, 'a rotation');
  if (r === undefined) return undefined;
  unknownKeys(r, ['type', 'handoff', 'handoff_day', 'start', 'participants'], path, report);
  const type = r.type;
  if (type !== 'daily' && type !== 'weekly')
    report(type === undefined ? 'missing' : 'invalid_value', [...path, 'type'], `must be daily or weekly (got ${show(type)})`);
  const handoff = timeOfDay(r, 'handoff', path, report);
  let handoffDay: Weekday | undefined;
  if (type === 'weekly') {
    if (typeof r.handoff_day === 'string' && (WEEKDAYS as readonly string[]).includes(r.handoff_day.toLowerCase()))
      handoffDay = r.handoff_day.toLowerCase() as Weekday;
    else
      report(
        r.handoff_day === undefined ? 'missing' : 'invalid_value',
        [...path, 'handoff_day'],
        `must be a weekday, monday to sunday (got ${show(r.handoff_day)})`,
      );
  } else if (type === 'daily' && r.handoff_day !== undefined) {
    report('invalid_value', [...path, 'handoff_day'], 'a daily rotation hands over every day; handoff_day is for weekly rotations');
  }
  const start = civilDate(r, 'start', path, report);
  const participants = listOf(r, 'participants', path, report, { required: true }).map(([item, p]) =>
    checkParticipant(item, p, report, context),
  );
  if (handoff === undefined || start === undefined || participants.includes(undefined) || participants.length === 0) return undefined;
  const people = participants as Participant[];
  if (type === 'daily') return { type, handoff, start, participants: people };
  if (type === 'weekly' && handoffDay !== undefined) return { type, handoff, handoffDay, start, participants: people };
  return undefined;
}

function checkParticipant(value: unknown, path: IssuePath, report: Report, context: Context): Participant | undefined {
  const p = expectObject(value, path, report, 'a participant');
  if (p === undefined) return undefined;
  unknownKeys(p, ['name', 'receiver'], path, report);
  const name = requiredString(p, 'name', path, report);
  const receiver = receiverName(p, path, report, context);
  return name !== undefined && receiver !== undefined ? { name, receiver } : undefined;
}

function checkOverride(
  value: unknown,
  path: IssuePath,
  report: Report,
  timeZone: string | undefined,
  context: Context,
): Override | undefined {
  const o = expectObject(value, path, report, 'an override');
  if (o === undefined) return undefined;
  unknownKeys(o, ['who', 'receiver', 'from', 'to'], path, report);
  const who = requiredString(o, 'who', path, report);
  let receiver = o.receiver === undefined ? undefined : receiverName(o, path, report, context);
  if (o.receiver === undefined && who !== undefined) {
    receiver = context.people.get(who);
    if (receiver === undefined)
      report('missing', [...path, 'receiver'], `${who} is no participant of this file, so the override must say which receiver pages them`);
  }
  const from = instant(o, 'from', path, report, timeZone);
  const to = instant(o, 'to', path, report, timeZone);
  if (from !== undefined && to !== undefined && to <= from) report('invalid_value', [...path, 'to'], 'must be after from');
  if (who === undefined || receiver === undefined || from === undefined || to === undefined || to <= from) return undefined;
  return { who, receiver, from, to };
}

function checkEscalation(
  s: Doc,
  path: IssuePath,
  report: Report,
  scheduleName: string | undefined,
  context: Context,
): EscalationLevel[] | undefined {
  const items = listOf(s, 'escalation', path, report, { required: true });
  const levels = items.map(([value, p], i): EscalationLevel | undefined => {
    const e = expectObject(value, p, report, 'an escalation level');
    if (e === undefined) return undefined;
    unknownKeys(e, ['level', 'to', 'ack_timeout'], p, report);
    let ok = true;
    if (e.level !== i + 1) {
      report(
        e.level === undefined ? 'missing' : 'invalid_value',
        [...p, 'level'],
        `must be ${i + 1}: levels are numbered 1, 2, … in order (got ${show(e.level)})`,
      );
      ok = false;
    }
    const to = escalationTarget(e, p, report, scheduleName, context);
    const last = i === items.length - 1;
    let ackTimeoutMs: number | null = null;
    if (e.ack_timeout !== undefined || !last) {
      const ms = typeof e.ack_timeout === 'string' ? parseDuration(e.ack_timeout) : undefined;
      if (ms === undefined || ms <= 0) {
        const why = last ? '' : '; every level but the last needs one, to know when to page the next';
        report(
          e.ack_timeout === undefined ? 'missing' : 'invalid_value',
          [...p, 'ack_timeout'],
          `must be a positive duration such as 15m (got ${show(e.ack_timeout)})${why}`,
        );
        ok = false;
      } else {
        ackTimeoutMs = ms;
      }
    }
    return ok && to !== undefined ? { level: i + 1, to, ackTimeoutMs } : undefined;
  });
  return levels.includes(undefined) || levels.length === 0 ? undefined : (levels as EscalationLevel[]);
}

function escalationTarget(
  e: Doc,
  path: IssuePath,
  report: Report,
  scheduleName: string | undefined,
  context: Context,
): EscalationLevel['to'] | undefined {
  const to = requiredString(e, 'to', path, report);
  if (to === undefined) return undefined;
  if (to === 'on_call' || to === scheduleName) return { kind: 'on_call' };
  const isSchedule = context.scheduleNames.has(to);
  const receiver = context.people.get(to);
  if (isSchedule && receiver !== undefined) {
    report('invalid_value', [...path, 'to'], `${to} is both a schedule and a participant; rename one so the level says whom it pages`);
    return undefined;
  }
  if (isSchedule) return { kind: 'schedule', name: to };
  if (receiver !== undefined) return { kind: 'person', name: to, receiver };
  report('invalid_value', [...path, 'to'], `must be on_call, a schedule of this file or a participant's name (got ${show(to)})`);
  return undefined;
}

/** Participants by name; a name given two receivers is reported where it differs. */
function participantsOf(schedules: readonly (Doc | undefined)[], report: Report): Map<string, string> {
  const people = new Map<string, string>();
  schedules.forEach((s, i) => {
    if (!Array.isArray(s?.rotations)) return;
    s.rotations.forEach((r: unknown, j) => {
      const participants = (r as Doc | null)?.participants;
      if (!Array.isArray(participants)) return;
      participants.forEach((p: unknown, k) => {
        const { name, receiver } = (p ?? {}) as Doc;
        if (typeof name !== 'string' || typeof receiver !== 'string') return;
        const known = people.get(name);
        if (known === undefined) people.set(name, receiver);
        else if (known !== receiver)
          report(
            'invalid_value',
            ['schedules', i, 'rotations', j, 'participants', k, 'receiver'],
            `${name} is paged at ${known} elsewhere in this file; one person has one receiver`,
          );
      });
    });
  });
  return people;
}

function receiverName(doc: Doc, path: IssuePath, report: Report, context: Context): string | undefined {
  const receiver = requiredString(doc, 'receiver', path, report);
  const known = context.references.receivers;
  if (receiver !== undefined && known !== undefined && !known.has(receiver)) {
    const listed = known.size > 0 ? `: ${[...known].join(', ')}` : ' (none are set yet: ballast alerts apply sets them)';
    report('invalid_value', [...path, 'receiver'], `no alert receiver is named ${receiver}; receivers are${listed}`);
    return undefined;
  }
  return receiver;
}

function listOf(doc: Doc, key: string, path: IssuePath, report: Report, options: { required?: boolean } = {}): [unknown, IssuePath][] {
  const value = doc[key];
  if (value === undefined && !options.required) return [];
  if (!Array.isArray(value) || (options.required && value.length === 0)) {
    report(value === undefined ? 'missing' : 'invalid_type', [...path, key], `must be a non-empty list (got ${show(value)})`);
    return [];
  }
  return value.map((item, i) => [item, [...path, key, i]]);
}

function requiredString(doc: Doc, key: string, path: IssuePath, report: Report): string | undefined {
  const value = doc[key];
  if (typeof value === 'string' && value.trim().length > 0) return value;
  report(value === undefined ? 'missing' : 'invalid_type', [...path, key], `must be non-empty text (got ${show(value)})`);
  return undefined;
}

function requiredName(doc: Doc, key: string, path: IssuePath, report: Report): string | undefined {
  const value = requiredString(doc, key, path, report);
  if (value === undefined || NAME.test(value)) return value;
  report(
    'invalid_format',
    [...path, key],
    'must be letters, digits, dot, dash or underscore (at most 128), starting with a letter or digit',
  );
  return undefined;
}

function timeOfDay(doc: Doc, key: string, path: IssuePath, report: Report): TimeOfDay | undefined {
  const m = typeof doc[key] === 'string' ? HANDOFF.exec(doc[key]) : null;
  if (m !== null) return { hour: Number(m[1]), minute: Number(m[2]) };
  report(
    doc[key] === undefined ? 'missing' : 'invalid_format',
    [...path, key],
    `must be a time of day HH:MM, 00:00 to 23:59 (got ${show(doc[key])})`,
  );
  return undefined;
}

function civilDate(doc: Doc, key: string, path: IssuePath, report: Report): CivilDate | undefined {
  const m = typeof doc[key] === 'string' ? DATE.exec(doc[key]) : null;
  const date = m === null ? undefined : { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (date !== undefined && isRealDate(date)) return date;
  report(doc[key] === undefined ? 'missing' : 'invalid_format', [...path, key], `must be a date YYYY-MM-DD (got ${show(doc[key])})`);
  return undefined;
}

/** An instant with its offset (`2026-12-24T18:00:00Z`), or a local `2026-12-24T18:00` read in the schedule's zone. */
function instant(doc: Doc, key: string, path: IssuePath, report: Report, timeZone: string | undefined): number | undefined {
  const text = doc[key];
  if (typeof text === 'string' && INSTANT.test(text) && Number.isFinite(Date.parse(text))) return Date.parse(text);
  const m = typeof text === 'string' ? LOCAL_TIME.exec(text) : null;
  if (m !== null) {
    const local = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]) };
    if (isRealDate(local)) return timeZone === undefined ? undefined : fromLocal(local, timeZone);
  }
  report(
    text === undefined ? 'missing' : 'invalid_format',
    [...path, key],
    `must be a time: 2026-12-24T18:00 (in the schedule's time zone) or with an offset, 2026-12-24T17:00:00Z (got ${show(text)})`,
  );
  return undefined;
}

function isRealDate({ year, month, day }: CivilDate): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}
