/**
 * The plan of one reconciliation step (reconcile-steps.ts runs it): the next lines of a file, decided in order by the
 * rules of reconcile-rules.ts against the awards as they stand after the lines before (a debit and its return in one
 * step see each other), for as long as what they write fits ONE transaction beside the file's progress record.
 */
import assert from 'node:assert/strict';
import type { Award, Change } from '../domain/awards';
import { type BankAnswer, confirmPayment, returnPayment } from '../domain/payments';
import { redactIdNumbers } from '../domain/person';
import type { BankEntry } from '../iso20022/bank-files';
import { LIMITS } from '../limits';
import { type Counts, type MessageIdentity, NO_COUNTS, addCounts } from './bank-messages';
import { type ReconciliationException, exceptionIdOf, openException } from './reconcile-exceptions';
import { type FileFacts, type ImportScope, decideLine } from './reconcile-rules';

/** A file being reconciled: its identity, its entries (a whole batch's refusal spelt out) and what decisions need. */
export interface ImportJob {
  readonly identity: MessageIdentity;
  readonly entries: readonly BankEntry[];
  readonly facts: FileFacts;
  readonly scope: ImportScope;
}

export interface StepPlan {
  readonly taken: number;
  readonly counts: Counts;
  readonly changes: ReadonlyArray<{ change: Change; before: Award }>;
  readonly exceptions: readonly ReconciliationException[];
}

/** An exception's id comes from the file and the line that raised it: raising it again is writing it again. */
export const entryExceptionId = (job: ImportJob, index: number) => exceptionIdOf(job.identity.messageId, index);

const cut = (text: string | null) => (text === null ? null : Array.from(redactIdNumbers(text)).slice(0, LIMITS.payments.bankTextCharsMax).join(''));

/** What the bank said, as the award keeps it: the bank's words masked and bounded, with the booking it names. */
function answerOf(job: ImportJob, entry: BankEntry, at: string): BankAnswer {
  assert.ok(entry.outcome !== 'PENDING', 'a pending line settles nothing');
  return {
    messageId: job.identity.messageId, outcome: entry.outcome, reasonCode: cut(entry.reasonCode), reason: cut(entry.reason), at,
    type: job.identity.type, amountFen: entry.amountFen, bookingDate: entry.bookingDate, accountServicerRef: cut(entry.accountServicerRef),
  };
}

/** The lines a step may take from `from` (it may end sooner, when its writes would not fit one transaction). */
export const stepWindow = (job: ImportJob, from: number) => job.entries.slice(from, from + LIMITS.payments.bankFileStepEntriesMax);

/**
 * Plans the step from `from`. `awardOf` gives each award as known (null: there is none); `existing` the exceptions
 * already written (a file an import before version 3 left half done), or null when none are known to be.
 */
export function planStep(job: ImportJob, from: number, awardOf: (awardId: string) => Award | null, existing: ReadonlySet<string> | null, now: Date): StepPlan {
  const at = now.toISOString();
  const after = new Map<string, Award>();
  const changes: Array<{ change: Change; before: Award }> = [];
  const exceptions: ReconciliationException[] = [];
  const touched = new Set<string>();
  let counts = NO_COUNTS;
  let items = 1;
  let taken = 0;
  for (const entry of stepWindow(job, from)) {
    const index = from + taken;
    const award = entry.endToEndId === null ? null : (after.get(entry.endToEndId) ?? awardOf(entry.endToEndId));
    const decision = decideLine(job.facts, entry, index, award, job.scope);
    if (decision.kind === 'settle') {
      assert.ok(award !== null, 'a line settles an award that exists');
      // Each award and its ledger entry; its ledger head and budget once per step.
      const adds = [`H#${award.jurisdiction}`, `B#${award.jurisdiction}#${award.fiscalYear}`].filter((k) => !touched.has(k));
      if (items + 2 + adds.length > LIMITS.store.transactItemsMax) break;
      const decider = decision.outcome === 'CONFIRMED' ? confirmPayment : returnPayment;
      const decided = decider(award, answerOf(job, entry, at), { now });
      assert.ok(decided.ok, `a PAYING award is settled: ${decided.ok ? '' : decided.message}`);
      changes.push({ change: decided.change, before: award });
      after.set(award.awardId, decided.change.award);
      for (const k of adds) touched.add(k);
      items += 2 + adds.length;
      counts = addCounts(counts, { ...NO_COUNTS, [decision.outcome === 'CONFIRMED' ? 'matched' : 'returned']: 1 });
    } else if (decision.kind === 'exception') {
      const exceptionId = entryExceptionId(job, index);
      if (existing?.has(exceptionId) !== true) {
        if (items + 1 > LIMITS.store.transactItemsMax) break;
        items += 1;
        const about = { endToEndId: entry.endToEndId, amountFen: entry.amountFen, jurisdiction: award?.jurisdiction ?? null };
        exceptions.push(openException({ ...about, exceptionId, kind: decision.exception, messageId: job.identity.messageId, detail: decision.detail }, at));
      }
      counts = addCounts(counts, { ...NO_COUNTS, exceptions: 1 });
    } else {
      counts = addCounts(counts, { ...NO_COUNTS, [decision.kind === 'applied-before' ? decision.counted : decision.kind]: 1 });
    }
    taken += 1;
  }
  return { taken, counts, changes, exceptions };
}
