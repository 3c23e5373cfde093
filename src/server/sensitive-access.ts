import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.ts';
import type { SensitiveAccess } from '../app/privacy/sensitive-reads.ts';
import { holdsPermission } from '../core/privacy/permissions.ts';
import { actingAs } from './server-deps.ts';

/**
 * The context (acting as the token's name, for the audit entry) and the access of a request that may
 * read sensitive values: unmasked only for a principal holding `sensitive:read` (admins hold all).
 */
export function sensitiveAccess(ctx: AppContext, request: FastifyRequest, route: string): [AppContext, SensitiveAccess] {
  const principal = request.principal;
  return [actingAs(ctx, request), { reveal: principal !== undefined && holdsPermission(principal, 'sensitive:read'), route }];
}
