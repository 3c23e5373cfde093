import { oncallDocument } from '../../core/oncall/parse-oncall-schedules.ts';
import type { AppliedSchedules, ScheduleOnCall } from './oncall-schedules.ts';

/**
 * The on-call answers in their snake_case wire form, shared by the API and the CLI's `--json`, so a
 * script reads either alike. The schedules are the document itself, which PUT and `oncall apply` accept back.
 */
export function appliedSchedulesWire(applied: AppliedSchedules) {
  return {
    version: applied.version,
    applied_at: applied.appliedAt,
    applied_by: applied.appliedBy,
    document: oncallDocument(applied.schedules),
  };
}

export function whoWire(answer: { at: string; schedules: readonly ScheduleOnCall[] }) {
  return {
    at: answer.at,
    schedules: answer.schedules.map((s) => ({
      name: s.name,
      on_call: s.onCall?.name ?? null,
      receiver: s.onCall?.receiver ?? null,
      source: s.onCall?.source ?? null,
      until: s.until,
    })),
  };
}
