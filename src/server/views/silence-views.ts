import type { Silence } from '../../app/alerts/silences.ts';
import { bool, list, obj, str } from './wire-schema.ts';

export function silenceView(s: Silence) {
  return { id: s.id, rule: s.rule, reason: s.reason, created_by: s.createdBy, starts_at: s.startsAt, ends_at: s.endsAt, active: s.active };
}
export const silenceSchema = obj({ id: str, rule: str, reason: str, created_by: str, starts_at: str, ends_at: str, active: bool });
export const silenceListSchema = obj({ silences: list(silenceSchema) });
