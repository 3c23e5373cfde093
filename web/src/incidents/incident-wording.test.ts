import { describe, expect, it } from 'vitest';
import type { Incident, TimelineEntry } from '../api/alert-types.ts';
import { actionsFrom, detailText, incidentDurations, kindStyle, statusTone, timelineInOrder } from './incident-wording.ts';

const at = (minute: number) => new Date(Date.parse('2026-12-07T09:00:00.000Z') + minute * 60_000).toISOString();

const incident = (options: Partial<Incident>): Incident => ({
  id: 'i1',
  deployment: 'credit',
  title: 'drift on credit',
  severity: 'page',
  status: 'open',
  commander: null,
  opened_at: at(0),
  acknowledged_at: null,
  mitigated_at: null,
  resolved_at: null,
  rules: ['credit-drift'],
  ...options,
});

const entry = (minute: number, kind: string, summary = kind): TimelineEntry => ({
  at: at(minute),
  kind,
  actor: null,
  summary,
  details: {},
});

describe('incident wording', () => {
  it('measures each status from the opening, and an open incident up to now', () => {
    expect(incidentDurations(incident({}), Date.parse(at(42)))).toEqual({
      open: 42 * 60_000,
      ongoing: true,
      toAcknowledge: null,
      toMitigate: null,
      toResolve: null,
    });
    const done = incident({ status: 'resolved', acknowledged_at: at(3), mitigated_at: at(7), resolved_at: at(30) });
    expect(incidentDurations(done, Date.parse(at(500)))).toEqual({
      open: 30 * 60_000,
      ongoing: false,
      toAcknowledge: 3 * 60_000,
      toMitigate: 7 * 60_000,
      toResolve: 30 * 60_000,
    });
  });

  it('offers only forward status changes, none once resolved', () => {
    expect(actionsFrom('open')).toEqual(['ack', 'mitigate', 'resolve']);
    expect(actionsFrom('acknowledged')).toEqual(['mitigate', 'resolve']);
    expect(actionsFrom('mitigated')).toEqual(['resolve']);
    expect(actionsFrom('resolved')).toEqual([]);
    expect(statusTone('open')).toBe('bad');
    expect(statusTone('resolved')).toBe('good');
  });

  it('orders the timeline oldest first and keeps the order of entries at the same instant', () => {
    const ordered = timelineInOrder([entry(5, 'rollback'), entry(1, 'alert_firing'), entry(5, 'note', 'second at 5'), entry(2, 'page')]);
    expect(ordered.map((e) => e.summary)).toEqual(['alert_firing', 'page', 'rollback', 'second at 5']);
  });

  it('styles every kind of the contract and shows an unknown kind plainly', () => {
    for (const kind of ['alert_firing', 'alert_resolved', 'deploy', 'rollback', 'rollback_failed', 'note', 'status', 'page', 'escalation'])
      expect(kindStyle(kind).known, kind).toBe(true);
    expect(kindStyle('rollback_failed')).toEqual({ label: 'rollback failed', tone: 'bad', known: true });
    expect(kindStyle('slo_burn')).toEqual({ label: 'slo burn', tone: 'neutral', known: false });
  });

  it('never shows the path or query of a URL in details, where a token may hide', () => {
    expect(detailText('https://hooks.example.com/services/T000/B000/XXXXSECRET')).toBe('https://hooks.example.com/…');
    expect(detailText('https://user:pw@alerts.example.com')).toBe('https://alerts.example.com/…');
    expect(detailText('http://alertmanager:9093')).toBe('http://alertmanager:9093');
    expect(detailText({ receiver: 'team', url: 'https://x.example/hook?token=abc' })).toBe(
      '{"receiver":"team","url":"https://x.example/…"}',
    );
    expect(detailText(0.41)).toBe('0.41');
    expect(detailText(null)).toBe('—');
    expect(detailText('drift.share rose to 0.4')).toBe('drift.share rose to 0.4');
  });
});
