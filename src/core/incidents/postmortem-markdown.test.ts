import { describe, expect, it } from 'vitest';
import type { Incident, TimelineEntry } from './incident.ts';
import { parseActionItems } from './action-items.ts';
import { postmortemMarkdown, type PostmortemFacts } from './postmortem-markdown.ts';
import { postmortemTimes } from './postmortem-times.ts';

const incident: Incident = {
  id: 'i1',
  deployment: 'credit',
  title: 'latency | p99\nspike',
  severity: 'page',
  status: 'open',
  commander: null,
  openedAt: '2026-01-01T10:00:00.000Z',
  acknowledgedAt: null,
  mitigatedAt: null,
  resolvedAt: null,
  rules: ['slow', 'quiet'],
};
const timeline: TimelineEntry[] = [
  {
    at: '2026-01-01T10:00:00.000Z',
    kind: 'alert_firing',
    actor: 'alert:slow',
    summary: 'slow firing',
    details: { rule: 'slow', signal: 'latency.p99', value: 81.23456, above: 50, below: null, threshold: 50, model: null },
  },
  {
    at: '2026-01-01T10:00:10.000Z',
    kind: 'alert_firing',
    actor: 'alert:quiet',
    summary: 'quiet firing',
    details: { rule: 'quiet', signal: 'predictions.rate', no_data: 'no window yet', above: null, below: 1, threshold: 1, model: null },
  },
  { at: '2026-01-01T10:01:00.000Z', kind: 'note', actor: 'ana', summary: 'a | b\nc', details: {} },
];

function facts(overrides: Partial<PostmortemFacts> = {}): PostmortemFacts {
  return {
    incident,
    timeline,
    times: postmortemTimes(incident, timeline),
    span: { from: '2026-01-01T10:00:00.000Z', to: '2026-01-01T10:30:00.000Z' },
    served: [],
    kpis: null,
    ...overrides,
  };
}

describe('postmortemMarkdown', () => {
  it('keeps user text on one line and its pipes escaped, so tables hold their shape', () => {
    const md = postmortemMarkdown(facts());
    expect(md).toContain('# Postmortem: latency \\| p99 spike');
    expect(md).toContain('| 2026-01-01T10:01:00.000Z | note | ana | a \\| b c |');
    expect(md).toContain('| 2026-01-01T10:00:00.000Z | slow | latency.p99 | 81.23 | > 50 | — | — |');
    expect(md).toContain('| 2026-01-01T10:00:10.000Z | quiet | predictions.rate | no data (no window yet) | < 1 | — | — |');
  });

  it('says what is unknown or absent rather than printing zeros', () => {
    const md = postmortemMarkdown(facts());
    expect(md).toContain('- Duration: 30 min (2026-01-01T10:00:00.000Z → 2026-01-01T10:30:00.000Z, still open when drafted)');
    expect(md).toContain('- Predictions served during the incident: none logged');
    expect(md).toContain('- KPIs: the deployment has none configured');
    expect(md).toContain('- Time to detect: unknown (fired 2026-01-01T10:00:00.000Z)');
    expect(md).toContain('- Time to mitigate: not mitigated yet');
    expect(postmortemMarkdown(facts({ kpis: { windowMs: 60_000, names: ['conversion'], rows: [] } }))).toContain(
      '- KPIs: no logged predictions in the span',
    );
  });

  it('suggests one action item per rule that fired, which the action-item parser reads back', () => {
    expect(parseActionItems(postmortemMarkdown(facts())).map((a) => a.text)).toEqual([
      'Review rule `slow`: did it fire early enough, and is its threshold right?',
      'Review rule `quiet`: did it fire early enough, and is its threshold right?',
    ]);
  });
});
