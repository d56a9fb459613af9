import { describe, expect, it } from 'vitest';
import { type Action, type Principal, authorize, readableJurisdictions } from '../../shared/domain/authz';

const who = (user: string, ...groups: string[]): Principal => ({ user, groups });
const approverH = who('wang', 'approver:130000');
const officerH = who('li', 'officer:130000');
const adminH = who('zhao', 'budget-admin:130000');
const auditor = who('qian', 'auditor');
const approverF = who('chen', 'approver:350000');
const nobody = who('sun');

const decide = (overrides: Partial<Extract<Action, { kind: 'decide' }>> = {}): Action => ({
  kind: 'decide',
  jurisdiction: '130000',
  amountSetBy: null,
  approvedBy: [],
  releasedBy: null,
  ...overrides,
});

describe('authorization', () => {
  it.each<[string, Principal, Action, boolean]>([
    ['an approver reads awards of their jurisdiction', approverH, { kind: 'read-award', jurisdiction: '130000' }, true],
    ['an officer reads awards of their jurisdiction', officerH, { kind: 'read-award', jurisdiction: '130000' }, true],
    ['an auditor reads any award', auditor, { kind: 'read-award', jurisdiction: '350000' }, true],
    ['an approver does not read another jurisdiction', approverF, { kind: 'read-award', jurisdiction: '130000' }, false],
    ['a budget-admin does not read awards', adminH, { kind: 'read-award', jurisdiction: '130000' }, false],
    ['an approver decides in their jurisdiction', approverH, decide(), true],
    ['an approver of another jurisdiction does not', approverF, decide(), false],
    ['an auditor does not decide', auditor, decide(), false],
    ['nobody approves an amount they set', approverH, decide({ amountSetBy: 'wang' }), false],
    ['nobody approves twice', approverH, decide({ approvedBy: ['wang'] }), false],
    ['a second approver may', approverH, decide({ approvedBy: ['zhou'] }), true],
    ['nobody approves an award whose hold they released', approverH, decide({ releasedBy: 'wang' }), false],
    ['another approver approves a released award', approverH, decide({ releasedBy: 'li' }), true],
    ['an officer sets amounts in their jurisdiction', officerH, { kind: 'set-amount', jurisdiction: '130000' }, true],
    ['an approver does not set amounts', approverH, { kind: 'set-amount', jurisdiction: '130000' }, false],
    ['an officer records repayments', officerH, { kind: 'record-repayment', jurisdiction: '130000' }, true],
    ['only an auditor reads the ledger', approverH, { kind: 'read-ledger' }, false],
    ['an auditor reads the ledger', auditor, { kind: 'read-ledger' }, true],
    ['an approver reads the budget', approverH, { kind: 'read-budget', jurisdiction: '130000' }, true],
    ['a budget-admin reads the budget', adminH, { kind: 'read-budget', jurisdiction: '130000' }, true],
    ['an officer does not read the budget', officerH, { kind: 'read-budget', jurisdiction: '130000' }, false],
    ['a budget-admin sets the budget', adminH, { kind: 'set-budget', jurisdiction: '130000' }, true],
    ['a budget-admin of Hebei does not set Fujian’s', adminH, { kind: 'set-budget', jurisdiction: '350000' }, false],
    ['an auditor does not set the budget', auditor, { kind: 'set-budget', jurisdiction: '130000' }, false],
    ['an auditor reads rejections', auditor, { kind: 'read-rejections' }, true],
    ['an approver does not read rejections', approverH, { kind: 'read-rejections' }, false],
    ['anyone signed in reads the policies', nobody, { kind: 'read-policies' }, true],
  ])('%s', (_name, principal, action, allowed) => {
    expect(authorize(principal, action).ok).toBe(allowed);
  });

  it('names the group a refusal needs', () => {
    expect(authorize(approverF, decide())).toEqual({ ok: false, reason: 'deciding awards of 130000 needs approver:130000' });
  });

  it('scopes reading to the jurisdictions of the caller’s roles', () => {
    expect(readableJurisdictions(who('x', 'approver:130000', 'officer:130100', 'budget-admin:350000'))).toEqual(['130000', '130100']);
    expect(readableJurisdictions(auditor)).toBe('all');
    expect(readableJurisdictions(nobody)).toEqual([]);
  });
});
