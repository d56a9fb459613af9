import { describe, expect, it } from 'vitest';
import {
  ApprovalConfigError,
  DEFAULT_APPROVAL_CONFIG,
  routeApproval,
  validateApprovalConfig,
} from '../../shared/domain/approval';
import { yuan } from '../../shared/domain/money';

describe('approval routing', () => {
  it.each([
    [yuan(30_000), 1],
    [yuan(1_000_000) - 1, 1],
    [yuan(1_000_000), 2],
    [yuan(5_000_000), 2],
  ])('by default an award of %i fen needs %i approval(s)', (amountFen, approvalsRequired) => {
    expect(routeApproval({ jurisdiction: '130000', amountFen }, DEFAULT_APPROVAL_CONFIG)).toEqual({
      approverGroup: 'approver:130000',
      approvalsRequired,
    });
  });

  it('routes to the approvers of the award’s own jurisdiction', () => {
    expect(
      routeApproval({ jurisdiction: '130100', amountFen: 1 }, DEFAULT_APPROVAL_CONFIG).approverGroup,
    ).toBe('approver:130100');
  });

  it('uses the tiers a jurisdiction configures', () => {
    const config = validateApprovalConfig({
      ...DEFAULT_APPROVAL_CONFIG,
      byJurisdiction: {
        350000: [
          { fromFen: 0, approvalsRequired: 1 },
          { fromFen: yuan(100_000), approvalsRequired: 2 },
          { fromFen: yuan(3_000_000), approvalsRequired: 3 },
        ],
      },
    });
    expect(
      routeApproval({ jurisdiction: '350000', amountFen: yuan(200_000) }, config).approvalsRequired,
    ).toBe(2);
    expect(
      routeApproval({ jurisdiction: '350000', amountFen: yuan(3_000_000) }, config).approvalsRequired,
    ).toBe(3);
    expect(
      routeApproval({ jurisdiction: '130000', amountFen: yuan(200_000) }, config).approvalsRequired,
    ).toBe(1);
  });

  it.each([
    ['tiers that do not start at zero', [{ fromFen: 1, approvalsRequired: 1 }]],
    [
      'fewer approvals for more money',
      [
        { fromFen: 0, approvalsRequired: 2 },
        { fromFen: 100, approvalsRequired: 1 },
      ],
    ],
    [
      'tiers out of order',
      [
        { fromFen: 0, approvalsRequired: 1 },
        { fromFen: 0, approvalsRequired: 2 },
      ],
    ],
    ['no approval at all', [{ fromFen: 0, approvalsRequired: 0 }]],
  ])('refuses %s', (_name, tiers) => {
    expect(() =>
      validateApprovalConfig({ ...DEFAULT_APPROVAL_CONFIG, byJurisdiction: { 130000: tiers } }),
    ).toThrow(ApprovalConfigError);
  });

  it('refuses to route an amount that is not fen', () => {
    expect(() => routeApproval({ jurisdiction: '130000', amountFen: 1.5 }, DEFAULT_APPROVAL_CONFIG)).toThrow(
      /safe integer of fen/,
    );
  });
});
