// The order of roles that decides which one counts on a sub-forum: most rights first, and no role ranked below one
// whose rights it all holds.
import { describe, expect, it } from 'vitest';
import { EVENT_ROLES } from '../../src/db/schema/index.ts';
import { ROLE_PERMISSIONS } from '../../src/features/accounts/permissions.ts';
import { higherRole, roleRank } from '../../src/features/accounts/role-order.ts';

describe('higherRole', () => {
  it('picks the role with more rights, whichever side it is on', () => {
    expect(higherRole('checkin', 'owner')).toBe('owner');
    expect(higherRole('owner', 'checkin')).toBe('owner');
    expect(higherRole('organiser', 'checkin')).toBe('organiser');
    expect(higherRole('speaker', 'jury')).toBe('jury');
    expect(higherRole('organiser', 'organiser')).toBe('organiser');
  });

  it('takes the one there is when the other is missing, and nothing from nothing', () => {
    expect(higherRole(undefined, 'speaker')).toBe('speaker');
    expect(higherRole('jury', null)).toBe('jury');
    expect(higherRole(null, undefined)).toBeUndefined();
  });
});

describe('the order of roles', () => {
  it('runs from owner to speaker', () => {
    expect([...EVENT_ROLES].sort((a, b) => roleRank(a) - roleRank(b))).toEqual(['owner', 'organiser', 'checkin', 'jury', 'speaker']);
  });

  it('puts no role below one whose rights it all has', () => {
    const has = (role: (typeof EVENT_ROLES)[number], other: (typeof EVENT_ROLES)[number]) => ROLE_PERMISSIONS[other].every((p) => ROLE_PERMISSIONS[role].includes(p));
    const misplaced = EVENT_ROLES.flatMap((higher, i) => EVENT_ROLES.slice(i + 1).filter((lower) => has(lower, higher)).map((lower) => `${lower} has all of ${higher}`));
    expect(misplaced).toEqual([]);
  });

  it('gives owner, organiser and check-in staff each all the rights of the next', () => {
    expect(ROLE_PERMISSIONS.organiser.filter((p) => !ROLE_PERMISSIONS.owner.includes(p))).toEqual([]);
    expect(ROLE_PERMISSIONS.checkin.filter((p) => !ROLE_PERMISSIONS.organiser.includes(p))).toEqual([]);
  });
});
