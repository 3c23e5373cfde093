import { Command, InvalidArgumentError } from 'commander';
import {
  applyOncallSchedules,
  upcomingOncall,
  whoIsOnCall,
  type AppliedSchedules,
  type ScheduleOnCall,
} from '../../app/oncall/oncall-schedules.ts';
import { appliedSchedulesWire, whoWire } from '../../app/oncall/oncall-wire.ts';
import { compactDuration } from '../../core/oncall/duration-text.ts';
import type { OncallSchedule } from '../../core/oncall/oncall-schedule.ts';
import type { OnCallSpan } from '../../core/oncall/who-is-on-call.ts';
import { toLocal, weekdayOf } from '../../core/oncall/zoned-time.ts';
import { withContext } from '../cli-context.ts';

/** The oncall command group: apply, who and show. */
export function oncallCommand(): Command {
  const oncall = new Command('oncall').description(
    'on-call schedules: who is paged for which deployments, and how pages escalate (docs/oncall.md)',
  );

  oncall
    .command('apply')
    .description('replace every on-call schedule with a ballast.oncall/v1 file (YAML or JSON), checked whole first; audited')
    .argument('<file>', 'the schedules file')
    .option('--json', 'print what GET /v1/oncall/schedules answers, with "changed"')
    .action(async (file: string, flags: { json?: boolean }, command: Command) => {
      const result = await withContext(command, (ctx) => applyOncallSchedules(ctx, { file }));
      if (flags.json) console.log(JSON.stringify({ ...appliedSchedulesWire(result), changed: result.changed }, null, 2));
      else {
        const names = result.schedules.map((s) => s.name).join(', ') || 'no schedules';
        console.log(
          result.changed
            ? `applied on-call version ${result.version}: ${names}`
            : `unchanged: on-call version ${result.version} already has these schedules (${names})`,
        );
      }
    });

  oncall
    .command('who')
    .description('who is on call now (or --at a time) in each schedule, or the one named, and until when')
    .argument('[schedule]', 'one schedule')
    .option('--at <time>', 'ISO 8601 time (default: now)', time)
    .option('--json', 'print what GET /v1/oncall/who answers')
    .action(async (schedule: string | undefined, flags: { at?: Date; json?: boolean }, command: Command) => {
      const answer = await withContext(command, (ctx) =>
        whoIsOnCall(ctx, { at: flags.at ?? ctx.clock(), ...(schedule !== undefined ? { schedule } : {}) }),
      );
      if (flags.json) console.log(JSON.stringify(whoWire(answer), null, 2));
      else if (answer.schedules.length === 0) console.log('no on-call schedules are applied (ballast oncall apply FILE)');
      else {
        const width = Math.max(...answer.schedules.map((s) => s.name.length)) + 2;
        for (const s of answer.schedules) console.log(`${s.name.padEnd(width)}${whoLine(s)}`);
      }
    });

  oncall
    .command('show')
    .description('the schedules in force: rotations, overrides, escalation, and the turns of the coming days')
    .option('--days <n>', 'how many days of turns to list (default 7)', positiveDays, 7)
    .option('--json', 'print what GET /v1/oncall/schedules answers')
    .action(async (flags: { days: number; json?: boolean }, command: Command) => {
      const result = await withContext(command, (ctx) => upcomingOncall(ctx, { from: ctx.clock(), days: flags.days }));
      if (flags.json) console.log(JSON.stringify(appliedSchedulesWire(result), null, 2));
      else console.log(formatShow(result, flags.days));
    });
  return oncall;
}

function time(text: string): Date {
  const at = new Date(text);
  if (!Number.isFinite(at.getTime())) throw new InvalidArgumentError('is not a time (use ISO 8601, e.g. 2026-12-24T18:00:00Z)');
  return at;
}

function positiveDays(text: string): number {
  const days = Number(text);
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new InvalidArgumentError('must be a whole number of days, 1 to 366');
  return days;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-12-07 09:00 Mon` on the zone's wall clock. */
function localTime(ms: number, timeZone: string): string {
  const t = toLocal(ms, timeZone);
  const day = weekdayOf(t);
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)} ${day[0]!.toUpperCase()}${day.slice(1, 3)}`;
}

function whoLine(s: ScheduleOnCall): string {
  const timeZone = s.timeZone;
  if (s.onCall === null) return `nobody on call${s.until ? ` until ${localTime(Date.parse(s.until), timeZone)} ${timeZone}` : ''}`;
  const source = s.onCall.source === 'override' ? ' (override)' : '';
  const until = s.until === null ? '' : ` until ${localTime(Date.parse(s.until), timeZone)} ${timeZone}`;
  return `${s.onCall.name} via ${s.onCall.receiver}${source}${until}`;
}

function formatShow(result: AppliedSchedules & { spans: ReadonlyMap<string, readonly OnCallSpan[]> }, days: number): string {
  if (result.version === 0) return 'no on-call schedules are applied (ballast oncall apply FILE)';
  const lines = [`on-call version ${result.version}, applied ${result.appliedAt} by ${result.appliedBy}`];
  for (const s of result.schedules) {
    lines.push('', ...describeSchedule(s), `  next ${days} day${days === 1 ? '' : 's'}:`);
    for (const span of result.spans.get(s.name) ?? []) {
      const who =
        span.onCall === null
          ? 'nobody'
          : `${span.onCall.name} via ${span.onCall.receiver}${span.onCall.source === 'override' ? ' (override)' : ''}`;
      lines.push(`    ${localTime(span.start, s.timeZone)}  ${who}`);
    }
  }
  return lines.join('\n');
}

function describeSchedule(s: OncallSchedule): string[] {
  const deployments = s.deployments === '*' ? 'every deployment no schedule names' : s.deployments.join(', ') || 'none (escalation only)';
  const lines = [`${s.name} (${s.timeZone}; deployments: ${deployments})`];
  for (const r of s.rotations) {
    const when = `${r.type === 'weekly' ? `weekly, ${r.handoffDay}` : 'daily,'} ${pad(r.handoff.hour)}:${pad(r.handoff.minute)}`;
    lines.push(
      `  rotation: ${when} from ${r.start.year}-${pad(r.start.month)}-${pad(r.start.day)}: ${r.participants.map((p) => p.name).join(', ')}`,
    );
  }
  for (const o of s.overrides)
    lines.push(`  override: ${o.who} via ${o.receiver}, ${localTime(o.from, s.timeZone)} → ${localTime(o.to, s.timeZone)}`);
  const levels = s.escalation.map((e) => {
    const to = e.to.kind === 'on_call' ? 'on_call' : e.to.name;
    return `${e.level} ${to}${e.ackTimeoutMs === null ? '' : ` (ack within ${compactDuration(e.ackTimeoutMs)})`}`;
  });
  lines.push(`  escalation: ${levels.join(' → ')}`);
  return lines;
}
