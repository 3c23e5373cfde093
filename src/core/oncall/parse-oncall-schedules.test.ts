import { describe, expect, it } from 'vitest';
import { BallastError } from '../errors.ts';
import { formatIssue } from '../issues.ts';
import { oncallDocument, parseOncallDocument, parseOncallText } from './parse-oncall-schedules.ts';

const VALID = `
format: ballast.oncall/v1
schedules:
  - name: ml-primary
    deployments: [credit-risk]
    time_zone: Europe/Berlin
    rotations:
      - type: weekly
        handoff: "09:00"
        handoff_day: monday
        start: 2026-11-30
        participants:
          - { name: ann, receiver: ann-phone }
          - { name: bob, receiver: bob-phone }
    overrides:
      - { who: bob, from: 2026-12-24T18:00, to: 2026-12-27T09:00 }
      - { who: cem, receiver: cem-phone, from: "2026-12-31T17:00:00Z", to: "2027-01-01T09:00:00+01:00" }
    escalation:
      - { level: 1, to: on_call, ack_timeout: 15m }
      - { level: 2, to: ml-secondary, ack_timeout: 30m }
      - { level: 3, to: dana }
  - name: ml-secondary
    deployments: "*"
    time_zone: America/New_York
    rotations:
      - type: daily
        handoff: "08:30"
        start: 2026-11-01
        participants: [{ name: dana, receiver: dana-phone }]
`;

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BallastError);
    expect((error as BallastError).code).toBe('invalid_oncall_schedule');
    return (error as BallastError).issues.map(formatIssue);
  }
  throw new Error('expected the file to be refused');
}

describe('parseOncallText', () => {
  it('reads schedules, rotations, overrides (local or with an offset) and escalation levels', () => {
    const [primary, secondary] = parseOncallText(VALID, 'yaml', 'oncall.yaml');
    expect(primary!.rotations[0]).toEqual({
      type: 'weekly',
      handoff: { hour: 9, minute: 0 },
      handoffDay: 'monday',
      start: { year: 2026, month: 11, day: 30 },
      participants: [
        { name: 'ann', receiver: 'ann-phone' },
        { name: 'bob', receiver: 'bob-phone' },
      ],
    });
    // A local override time is read in the schedule's zone (18:00 CET = 17:00Z); bob's receiver comes from his rotation.
    expect(primary!.overrides[0]).toEqual({
      who: 'bob',
      receiver: 'bob-phone',
      from: Date.parse('2026-12-24T17:00:00Z'),
      to: Date.parse('2026-12-27T08:00:00Z'),
    });
    expect(primary!.overrides[1]!.to).toBe(Date.parse('2027-01-01T08:00:00Z'));
    expect(primary!.escalation).toEqual([
      { level: 1, to: { kind: 'on_call' }, ackTimeoutMs: 900_000 },
      { level: 2, to: { kind: 'schedule', name: 'ml-secondary' }, ackTimeoutMs: 1_800_000 },
      { level: 3, to: { kind: 'person', name: 'dana', receiver: 'dana-phone' }, ackTimeoutMs: null },
    ]);
    expect(secondary!.deployments).toBe('*');
    // Without escalation, the schedule's on-call is the one level.
    expect(secondary!.escalation).toEqual([{ level: 1, to: { kind: 'on_call' }, ackTimeoutMs: null }]);
  });

  it('writes the schedules back as a document that applies to the same schedules, as JSON too', () => {
    const schedules = parseOncallText(VALID, 'yaml', 'oncall.yaml');
    const document = oncallDocument(schedules);
    expect(document.schedules[0]!.escalation[0]).toEqual({ level: 1, to: 'on_call', ack_timeout: '15m' });
    expect(document.schedules[0]!.overrides[0]!.from).toBe('2026-12-24T17:00:00.000Z');
    expect(parseOncallDocument(document, 'stored')).toEqual(schedules);
    expect(parseOncallText(JSON.stringify(document), 'json', 'oncall.json')).toEqual(schedules);
  });

  it('reports every problem of the file at once, each with its path', () => {
    const broken = `
format: ballast.oncall/v1
schedules:
  - name: ml
    deployments: [credit-risk, credit-risk]
    time_zone: Europe/Atlantis
    rotations:
      - type: weekly
        handoff: "9am"
        start: 2026-02-30
        participants: []
      - type: daily
        handoff: "24:00"
        handoff_day: monday
        start: 2026-11-30
        participants: [{ name: ann }]
    overrides:
      - { who: zed, from: 2026-12-24T18:00:00Z, to: 2026-12-24T17:00:00Z }
    escalation:
      - { level: 1, to: on_call }
      - { level: 3, to: nobody, ack_timeout: -5m }
    colour: blue
  - name: ml
    deployments: "*"
    time_zone: UTC
    rotations: [{ type: hourly, handoff: "09:00", start: 2026-11-30, participants: [{ name: bo, receiver: x }] }]
`;
    expect(issuesOf(() => parseOncallText(broken, 'yaml', 'oncall.yaml'))).toEqual([
      'schedules[0].colour: unknown key; allowed here: name, deployments, time_zone, rotations, overrides, escalation',
      'schedules[0].deployments[1]: credit-risk is listed twice',
      'schedules[0].time_zone: is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC): "Europe/Atlantis"',
      'schedules[0].rotations[0].handoff: must be a time of day HH:MM, 00:00 to 23:59 (got "9am")',
      'schedules[0].rotations[0].handoff_day: must be a weekday, monday to sunday (got nothing)',
      'schedules[0].rotations[0].start: must be a date YYYY-MM-DD (got "2026-02-30")',
      'schedules[0].rotations[0].participants: must be a non-empty list (got a list)',
      'schedules[0].rotations[1].handoff: must be a time of day HH:MM, 00:00 to 23:59 (got "24:00")',
      'schedules[0].rotations[1].handoff_day: a daily rotation hands over every day; handoff_day is for weekly rotations',
      'schedules[0].rotations[1].participants[0].receiver: must be non-empty text (got nothing)',
      'schedules[0].overrides[0].receiver: zed is no participant of this file, so the override must say which receiver pages them',
      'schedules[0].overrides[0].to: must be after from',
      'schedules[0].escalation[0].ack_timeout: must be a positive duration such as 15m (got nothing); every level but the last needs one, to know when to page the next',
      'schedules[0].escalation[1].level: must be 2: levels are numbered 1, 2, … in order (got 3)',
      'schedules[0].escalation[1].to: must be on_call, a schedule of this file or a participant\'s name (got "nobody")',
      'schedules[0].escalation[1].ack_timeout: must be a positive duration such as 15m (got "-5m")',
      'schedules[1].rotations[0].type: must be daily or weekly (got "hourly")',
    ]);
  });

  it('names a duplicate schedule, one person with two receivers, and a wrong format line', () => {
    const text = JSON.stringify({
      format: 'ballast.oncall/v2',
      schedules: [
        {
          name: 'a',
          deployments: '*',
          time_zone: 'UTC',
          rotations: [{ type: 'daily', handoff: '09:00', start: '2026-11-30', participants: [{ name: 'ann', receiver: 'p1' }] }],
        },
        {
          name: 'a',
          deployments: '*',
          time_zone: 'UTC',
          rotations: [{ type: 'daily', handoff: '09:00', start: '2026-11-30', participants: [{ name: 'ann', receiver: 'p2' }] }],
        },
      ],
    });
    expect(issuesOf(() => parseOncallText(text, 'json', 'oncall.json'))).toEqual([
      'format: must be ballast.oncall/v1 (got "ballast.oncall/v2")',
      'schedules[1].rotations[0].participants[0].receiver: ann is paged at p1 elsewhere in this file; one person has one receiver',
      'schedules[1].name: another schedule is named a',
    ]);
  });

  it('checks deployments and receivers against the names it is given', () => {
    const references = { deployments: new Set(['fraud']), receivers: new Set(['ann-phone', 'bob-phone', 'dana-phone']) };
    expect(issuesOf(() => parseOncallText(VALID, 'yaml', 'oncall.yaml', references))).toEqual([
      'schedules[0].deployments[0]: no deployment is named credit-risk',
      'schedules[0].overrides[1].receiver: no alert receiver is named cem-phone; receivers are: ann-phone, bob-phone, dana-phone',
    ]);
  });

  it('refuses text that is not YAML or JSON, with the reader’s reason', () => {
    expect(issuesOf(() => parseOncallText('{"format": ', 'json', 'x.json'))[0]).toMatch(/^is not valid JSON/);
    expect(issuesOf(() => parseOncallText('a: [1\n', 'yaml', 'x.yaml')).length).toBeGreaterThan(0);
    expect(issuesOf(() => parseOncallDocument([], 'body'))).toEqual(['an on-call file must be a mapping of keys to values (got a list)']);
  });
});
