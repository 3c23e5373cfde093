import { describe, expect, it } from 'vitest';
import { holdsPermission, parsePermissions } from './permissions.ts';

describe('permissions', () => {
  it('reads known permissions once each and refuses unknown ones', () => {
    expect(parsePermissions(['sensitive:read', 'sensitive:read'])).toEqual(['sensitive:read']);
    expect(parsePermissions([])).toEqual([]);
    expect(() => parsePermissions(['sensitive:write'])).toThrow(/not one of sensitive:read/);
  });

  it('grants a permission to a token holding it and to every admin, never by role alone', () => {
    expect(holdsPermission({ role: 'viewer', permissions: ['sensitive:read'] }, 'sensitive:read')).toBe(true);
    expect(holdsPermission({ role: 'viewer', permissions: [] }, 'sensitive:read')).toBe(false);
    expect(holdsPermission({ role: 'operator' }, 'sensitive:read')).toBe(false);
    expect(holdsPermission({ role: 'admin' }, 'sensitive:read')).toBe(true);
  });
});
