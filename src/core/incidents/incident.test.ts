import { describe, expect, it } from 'vitest';
import { BallastError } from '../errors.ts';
import { assertStatusMove, INCIDENT_STATUSES } from './incident.ts';

describe('incident status moves', () => {
  it('allows every forward move, skipped steps included', () => {
    expect(() => assertStatusMove('i', 'open', 'acknowledged')).not.toThrow();
    expect(() => assertStatusMove('i', 'open', 'mitigated')).not.toThrow();
    expect(() => assertStatusMove('i', 'open', 'resolved')).not.toThrow();
    expect(() => assertStatusMove('i', 'acknowledged', 'mitigated')).not.toThrow();
    expect(() => assertStatusMove('i', 'mitigated', 'resolved')).not.toThrow();
  });

  it('refuses staying, going back and leaving resolved, with a conflict that says why', () => {
    for (const from of INCIDENT_STATUSES)
      for (const to of INCIDENT_STATUSES) {
        if (INCIDENT_STATUSES.indexOf(to) > INCIDENT_STATUSES.indexOf(from)) continue;
        const error = (() => {
          try {
            assertStatusMove('i1', from, to);
          } catch (e) {
            return e;
          }
        })();
        expect(error, `${from} → ${to}`).toBeInstanceOf(BallastError);
        expect((error as BallastError).code).toBe('conflict');
        expect((error as BallastError).message).toContain(`incident i1 cannot become ${to}`);
      }
    expect(() => assertStatusMove('i', 'resolved', 'open')).toThrow(/resolved already; a new firing opens a new incident/);
    expect(() => assertStatusMove('i', 'mitigated', 'acknowledged')).toThrow(/only move forward.*it is mitigated/);
    expect(() => assertStatusMove('i', 'acknowledged', 'acknowledged')).toThrow(/acknowledged already/);
  });
});
