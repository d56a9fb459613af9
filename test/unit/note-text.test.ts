/**
 * A ledger note goes on after someone's words without doubling the separator they closed with (review 2026-12-07-s,
 * findings 5, 6 and 8): the helper itself, and the notes that call it, the dispute's two revoked branches among them.
 */
import { describe, expect, it } from 'vitest';
import type { Award } from '../../shared/domain/awards';
import type { AwardCommand } from '../../shared/domain/award-decider';
import { recordPaid } from '../../shared/domain/disputes';
import { andThen } from '../../shared/domain/note-text';
import { NOW, answer, apply, awardIn, commands, given, people } from '../support/award-specs';

describe('andThen: words, then more', () => {
  it.each([
    ['已付', '已付; more'],
    ['已付;', '已付; more'],
    ['已付；', '已付; more'],
    ['已付, ', '已付; more'],
    ['已付，', '已付; more'],
    ['已付、', '已付; more'],
    ['已付\u037e', '已付; more'],
    ['已付︔', '已付; more'],
    ['已付﹔', '已付; more'],
    ['已付;\u200b', '已付; more'],
    ['已付\u2060；\u3000', '已付; more'],
    ['resolving EX-1: ;;', 'resolving EX-1: (no words); more'],
    ['see below:', 'see below:; more'],
  ])('%j', (words, expected) => {
    expect(andThen(words, 'more')).toBe(expected);
  });
});

/** An award whose failed payment a later confirmation disputes, with `over` (revoked, voided) laid on it. */
function disputed(award: Award): Award {
  return { ...award, disputed: { exceptionId: 'EX-1', answer: { ...answer('CONFIRMED', '9'), amountFen: award.amountFen }, at: NOW.toISOString() } };
}

describe('the notes that go on after an officer\'s words', () => {
  const officer = people.officer(undefined, 'officer-deciding');
  const command = { exceptionId: 'EX-1', note: '经核对银行已付、\u200b' };

  it('a disputed payment recorded paid after its fact was revoked meanwhile: one separator before the clawback', () => {
    const failed = awardIn('PAYMENT_FAILED');
    const revoked = disputed({ ...failed, revokedBy: { eventId: 'revoke-1', reason: '撤销' } });
    const decided = recordPaid(revoked, officer, command, { now: NOW });
    expect(decided.ok && decided.change.draft.note).toMatch(/: 经核对银行已付; the fact was revoked meanwhile, clawback of ¥[\d,.]+ opened: 撤销$/u);
  });

  it('a disputed payment recorded paid after its award was voided: one separator before the clawback', () => {
    const voided = disputed(apply(awardIn('PAYMENT_FAILED'), commands.revoke()));
    expect(voided.status).toBe('VOIDED');
    const decided = recordPaid(voided, officer, command, { now: NOW });
    expect(decided.ok && decided.change.draft.note).toMatch(/: 经核对银行已付; it had been voided, the fact was revoked: clawback of ¥[\d,.]+ opened: revoked$/u);
  });

  it('a hold released with a basis ending in a separator, its amount reserved after it', () => {
    const held = apply(awardIn('PENDING_APPROVAL'), commands.hold());
    expect(held.status).toBe('ON_HOLD');
    given(held).when({ kind: 'release-hold', principal: people.officer(undefined, 'officer-2'), basis: '经核实；' }).then({
      status: 'PENDING_APPROVAL', entries: ['HOLD_RELEASED'], note: /^hold MANUAL released by officer-2: 经核实; ¥[\d,.]+ reserved$/u,
    });
  });

  it('an objection dismissed with a basis ending in a separator: one separator before where the award goes', () => {
    const objected = apply(awardIn('IN_PUBLICITY'), commands.object());
    given(objected).when({ ...commands.decideObjection('dismissed'), basis: '经核查，' } as AwardCommand).then({ status: 'IN_PUBLICITY', note: /: 经核查; back on the public notice until /u });
  });
});
