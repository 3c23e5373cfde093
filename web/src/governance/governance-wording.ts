import type { Approval, ApprovalStatus, ReviewSchedule } from '../api/governance-types.ts';
import type { Role } from '../api/types.ts';
import type { ChipTone } from '../components/bits.tsx';

/** Approvers decide approvals; operators and admins may too (the roles are ordered). */
export function canApprove(role: Role): boolean {
  return role === 'approver' || role === 'operator' || role === 'admin';
}

/**
 * Whether the signed-in person may decide this approval: it is pending, their role allows it, and
 * they did not request it (four eyes; the server refuses a self-approval with `self_approval` anyway).
 */
export function decisionAllowed(approval: Approval, session: { readonly actor: string; readonly role: Role }): boolean {
  return approval.status === 'pending' && canApprove(session.role) && approval.requested_by !== session.actor;
}

export function approvalTone(status: ApprovalStatus): ChipTone {
  return status === 'approved' ? 'good' : status === 'rejected' ? 'bad' : 'warn';
}

/** `overdue by 3 days`; under a day it is still overdue, and says so. */
export function overdueText(daysOverdue: number): string {
  if (daysOverdue < 1) return 'overdue by less than a day';
  const days = Math.floor(daysOverdue);
  return `overdue by ${days} ${days === 1 ? 'day' : 'days'}`;
}

/** Where a schedule stands: retired, overdue, or due on a date (the date is shown beside it). */
export function scheduleState(schedule: ReviewSchedule): { readonly tone: ChipTone; readonly text: string } {
  if (schedule.due_at === null) return { tone: 'muted', text: 'retired: no more reviews' };
  if (schedule.overdue) return { tone: 'bad', text: overdueText(schedule.days_overdue) };
  return { tone: 'good', text: 'on time' };
}

/** The navigation badge's label for assistive technology and the tooltip. */
export function overdueBadgeLabel(count: number): string {
  return `${count} periodic ${count === 1 ? 'review is' : 'reviews are'} overdue`;
}
