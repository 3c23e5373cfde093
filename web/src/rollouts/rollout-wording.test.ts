import { describe, expect, it } from 'vitest';
import { durationText, signed, untilText, verbConsequence, verbsFor } from './rollout-wording.ts';

describe('rollout wording', () => {
  it('offers the verbs that fit each status', () => {
    expect(verbsFor({ status: 'progressing' })).toEqual(['pause', 'promote', 'abort']);
    expect(verbsFor({ status: 'paused' })).toEqual(['resume', 'promote', 'abort']);
    expect(verbsFor({ status: 'ready' })).toEqual(['switch', 'abort']);
    expect(verbsFor({ status: 'switched' })).toEqual(['rollback']);
  });

  it('says what a verb will do before it is confirmed', () => {
    const rollout = { candidate: { name: 'credit', version: 2 }, previous: { name: 'credit', version: 1 } };
    expect(verbConsequence('abort', rollout, 'credit:1')).toBe('All traffic goes back to credit:1 at once; credit:2 stops answering.');
    expect(verbConsequence('rollback', rollout, 'credit:2')).toBe('All traffic moves back to credit:1 at once.');
    expect(verbConsequence('promote', rollout, 'credit:1')).toBe('credit:2 becomes the stable version and answers all traffic.');
  });

  it('writes durations in their two largest units and when a step ends', () => {
    expect(durationText(45_000)).toBe('45s');
    expect(durationText(250_000)).toBe('4m 10s');
    expect(durationText(3_600_000)).toBe('1h');
    expect(durationText(7_500_000)).toBe('2h 5m');
    expect(untilText('2026-11-25T10:10:00Z', Date.parse('2026-11-25T10:05:50Z'))).toBe('in 4m 10s');
    expect(untilText('2026-11-25T10:10:00Z', Date.parse('2026-11-25T10:12:00Z'))).toBe('ended 2m ago');
  });

  it('signs differences', () => {
    expect(signed(0.021346)).toBe('+0.02135');
    expect(signed(-0.5)).toBe('-0.5');
    expect(signed(0)).toBe('0');
  });
});
