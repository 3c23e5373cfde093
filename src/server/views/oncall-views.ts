import { WEEKDAYS } from '../../core/oncall/zoned-time.ts';
import { bool, int, list, nullableStr, obj, str, strings } from './wire-schema.ts';

const participant = obj({ name: str, receiver: str });

/** The `ballast.oncall/v1` document as the API answers it (docs/oncall.md). */
const documentSchema = obj({
  format: { type: 'string', enum: ['ballast.oncall/v1'] },
  schedules: list(
    obj({
      name: str,
      deployments: {
        anyOf: [{ type: 'string', enum: ['*'] }, strings],
        description: 'deployment names, or "*" for every deployment no schedule names',
      },
      time_zone: { ...str, description: 'IANA time zone the handoffs and start dates are read in' },
      rotations: list(
        obj({
          type: { type: 'string', enum: ['daily', 'weekly'] },
          handoff: { ...str, description: 'HH:MM local time' },
          handoff_day: { type: 'string', enum: [...WEEKDAYS], description: 'weekly rotations only' },
          start: { ...str, description: 'YYYY-MM-DD: the first turn begins at the first handoff on or after it' },
          participants: list(participant),
        }),
      ),
      overrides: list(obj({ who: str, receiver: str, from: str, to: str })),
      escalation: list(
        obj({
          level: int,
          to: { ...str, description: 'on_call, another schedule (its on-call) or a participant' },
          ack_timeout: { ...str, description: 'how long this level waits for an acknowledgement before the next is paged' },
        }),
      ),
    }),
  ),
});

export const appliedSchedulesSchema = obj({
  version: { ...int, description: 'the version in force; 0 before any apply' },
  applied_at: nullableStr,
  applied_by: nullableStr,
  document: documentSchema,
});

export const applyResultSchema = obj({
  ...appliedSchedulesSchema.properties,
  changed: { ...bool, description: 'false when the document equals the one in force' },
});

export const whoSchema = obj({
  at: str,
  schedules: list(
    obj({
      name: str,
      on_call: { ...nullableStr, description: 'null: nobody (no rotation has begun)' },
      receiver: nullableStr,
      source: { type: ['string', 'null'], enum: ['rotation', 'override', null] },
      until: { ...nullableStr, description: 'the next handoff; null when none comes within 92 days' },
    }),
  ),
});
