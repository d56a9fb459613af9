/**
 * The award store on DynamoDB. Every step that changes money runs as: read the state (strongly consistent), call a
 * pure decider (shared/domain/awards.ts), then write the award, its ledger entries, the ledger head, the budget
 * counters and the idempotency keys in one conditional TransactWriteItems. A transaction cancelled by a lost race
 * (a condition on a version, the head or the budget, or a transaction conflict) is planned again from fresh state,
 * with jittered backoff, up to a limit; the fresh plan either succeeds, finds the work already done, or reports a
 * conflict. Nothing is swallowed.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactGetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ApprovalConfig } from '../domain/approval';
import type { Principal } from '../domain/authz';
import {
  type Award,
  type BudgetView,
  type Decided,
  type Failure,
  type RevokedBy,
  allocate,
  decide,
  fail,
  fiscalYearOf,
  recordAward,
  recordDisbursement,
  recordPaymentFailure,
  recordRepayment,
  recordRevokedAward,
  retryPayment,
  revoke,
  serveFromQueue,
  setAmount,
} from '../domain/awards';
import type { ComputedAward } from '../domain/engine';
import { type FactIdentity, type RevocationTarget, canonicalText } from '../domain/identity';
import { type EntryDraft, GENESIS_HASH, type LedgerEntry, type Verification, chain, sumOfAccounts, verifyChain } from '../domain/ledger';
import type { Status } from '../domain/lifecycle';
import { ChangeSet, type WriteOp } from './change-set';
import {
  type BudgetState,
  ContentionError,
  CorruptItemError,
  type EventOutcome,
  type Item,
  type MarkedRevocation,
  type Page,
  QUARANTINE_LIMITS,
  type Rejection,
  type RejectionInput,
  type Revocation,
  type RevocationState,
  StoreError,
  awardItem,
  budgetItem,
  decodeCursor,
  emptyBudget,
  encodeCursor,
  entryItem,
  fitUtf8,
  int,
  parseAward,
  parseBudget,
  parseEntry,
  parseMarked,
  parseRejection,
  parseRevocation,
  rejectionItem,
  revocationItem,
  str,
} from './codecs';
import { INDEX, keys, seqKey } from './table';

export { ContentionError, CorruptItemError, CursorError, REVOCATION_STATES, StoreError } from './codecs';
export type { BudgetState, EventOutcome, Page, Rejection, RejectionInput, Revocation, RevocationState } from './codecs';

export type Result<T> = { readonly ok: true; readonly value: T } | Failure;

export interface RetryPolicy {
  readonly attemptsMax: number;
  readonly baseDelayMs: number;
  readonly capDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attemptsMax: 80, baseDelayMs: 4, capDelayMs: 200 };

export interface StoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly approvalConfig: ApprovalConfig;
  readonly clock?: () => Date;
  readonly retry?: RetryPolicy;
}

export interface AwardQuery {
  /** The jurisdictions the caller may read; the query never leaves them. */
  readonly jurisdictions: readonly string[];
  readonly status?: Status;
  readonly uscc?: string;
  readonly reference?: string;
  readonly limit?: number;
  readonly cursor?: string | null;
}

/** What a fact's arrival did to the revocations that were waiting for it. */
export interface RevocationsMet {
  /** Revocations from the fact's own source: its awards were recorded VOIDED. */
  readonly applied: readonly string[];
  /** Revocations from another source: refused, they change nothing. */
  readonly refused: readonly string[];
}

/** What a plan writes, or that it has nothing to write. */
type Plan<T> = { readonly write: WriteOp[]; readonly result: T } | { readonly done: T };

const LIMITS = { transactItemsMax: 100, pageSizeMax: 100, ledgerPageMax: 1000, revocationsPerFactMax: 20, servedPerCallMax: 100, budgetYearsMax: 50 } as const;

// ------------------------------------------------------------------------------------------ the store

export class AwardStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly config: ApprovalConfig;
  private readonly clock: () => Date;
  private readonly retry: RetryPolicy;

  constructor(options: StoreOptions) {
    this.client = options.client;
    this.table = options.tableName;
    this.config = options.approvalConfig;
    this.clock = options.clock ?? (() => new Date());
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  // ---------------------------------------------------------------------------------------- plumbing

  private async get(key: { pk: string; sk: string }): Promise<Item | null> {
    const out = await this.client.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    return (out.Item as Item | undefined) ?? null;
  }

  private async readAward(awardId: string): Promise<Award | null> {
    const item = await this.get(keys.award(awardId));
    return item === null ? null : parseAward(item);
  }

  private async readBudget(jurisdiction: string, fiscalYear: number): Promise<BudgetState> {
    const item = await this.get(keys.budget(jurisdiction, fiscalYear));
    return item === null ? emptyBudget(jurisdiction, fiscalYear) : parseBudget(item);
  }

  private async readHead(jurisdiction: string): Promise<{ seq: number; hash: string }> {
    const item = await this.get(keys.ledgerHead(jurisdiction));
    return item === null ? { seq: 0, hash: GENESIS_HASH } : { seq: int(item, 'seq'), hash: str(item, 'hash') };
  }

  /**
   * An award and its budget as of one instant (TransactGetItems is serialisable), so a plan never pairs an award
   * with a budget that already reflects a later change of that award.
   */
  private async snapshot(awardId: string): Promise<{ award: Award; budget: BudgetState } | null> {
    const first = await this.readAward(awardId);
    if (first === null) return null;
    const budgetKey = keys.budget(first.jurisdiction, first.fiscalYear);
    const out = await this.client.send(
      new TransactGetCommand({
        TransactItems: [
          { Get: { TableName: this.table, Key: keys.award(awardId) } },
          { Get: { TableName: this.table, Key: budgetKey } },
        ],
      }),
    );
    const [awardItem, budgetRead] = (out.Responses ?? []).map((r) => (r.Item as Item | undefined) ?? null);
    if (awardItem === null || awardItem === undefined) return null;
    return {
      award: parseAward(awardItem),
      budget: budgetRead === null || budgetRead === undefined ? emptyBudget(first.jurisdiction, first.fiscalYear) : parseBudget(budgetRead),
    };
  }

  /** Turns a change set into transaction items: ledger entries chained after each head, awards, queue, budgets. */
  private async build(set: ChangeSet, now: Date): Promise<{ write: WriteOp[]; awards: Award[] }> {
    const at = now.toISOString();
    const draftsBy = new Map<string, EntryDraft[]>();
    const push = (jurisdiction: string, draft: EntryDraft) => draftsBy.set(jurisdiction, [...(draftsBy.get(jurisdiction) ?? []), draft]);
    for (const { jurisdiction, draft } of set.standalone) push(jurisdiction, draft);
    for (const { change } of set.changes) push(change.award.jurisdiction, change.draft);

    const write: WriteOp[] = [...set.extra];
    const entryFor = new Map<EntryDraft, LedgerEntry>();
    for (const [jurisdiction, drafts] of draftsBy) {
      const head = await this.readHead(jurisdiction);
      const entries = chain(jurisdiction, head, drafts, at);
      entries.forEach((entry, i) => entryFor.set(drafts[i] as EntryDraft, entry));
      for (const entry of entries) {
        write.push({ Put: { TableName: this.table, Item: entryItem(entry), ConditionExpression: 'attribute_not_exists(pk)' } });
      }
      const last = entries.at(-1) as LedgerEntry;
      write.push({
        Put: {
          TableName: this.table,
          Item: { ...keys.ledgerHead(jurisdiction), itemType: 'ledger-head', jurisdiction, seq: last.seq, hash: last.hash, updatedAt: at },
          ConditionExpression: head.seq === 0 ? 'attribute_not_exists(pk)' : 'seq = :seq',
          ...(head.seq === 0 ? {} : { ExpressionAttributeValues: { ':seq': head.seq } }),
        },
      });
    }

    const awards: Award[] = [];
    for (const { change, before } of set.changes) {
      let award = change.award;
      const entry = entryFor.get(change.draft);
      assert.ok(entry, 'every change has its entry');
      if (change.queue === 'enqueue') {
        award = { ...award, waitSeq: entry.seq };
        write.push({
          Put: {
            TableName: this.table,
            Item: { ...keys.waiting(award.jurisdiction, award.fiscalYear, entry.seq), itemType: 'waiting', awardId: award.awardId },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        });
      } else if (change.queue === 'dequeue') {
        assert.ok(before?.waitSeq !== null && before?.waitSeq !== undefined, 'a dequeued award had a place in the queue');
        award = { ...award, waitSeq: null };
        write.push({
          Delete: { TableName: this.table, Key: keys.waiting(award.jurisdiction, award.fiscalYear, before.waitSeq), ConditionExpression: 'attribute_exists(pk)' },
        });
      }
      write.push({
        Put: {
          TableName: this.table,
          Item: awardItem(award),
          ConditionExpression: before === null ? 'attribute_not_exists(pk)' : 'version = :version',
          ...(before === null ? {} : { ExpressionAttributeValues: { ':version': before.version } }),
        },
      });
      awards.push(award);
    }

    for (const { before, after } of set.budgets.values()) {
      if (before === after) continue;
      assert.equal(sumOfAccounts(after), after.allocatedFen, 'budget accounts sum to the allocation');
      write.push({
        Put: {
          TableName: this.table,
          Item: budgetItem({ ...after, version: before.version + 1 }),
          ConditionExpression: before.version === 0 ? 'attribute_not_exists(pk)' : 'version = :version',
          ...(before.version === 0 ? {} : { ExpressionAttributeValues: { ':version': before.version } }),
        },
      });
    }
    assert.ok(write.length <= LIMITS.transactItemsMax, `a transaction holds at most ${LIMITS.transactItemsMax} items, got ${write.length}`);
    return { write, awards };
  }

  /**
   * Runs a plan until it is written or has nothing to write. A cancellation for a condition or a conflict means
   * another writer got there first: plan again from fresh state. Anything else is an error.
   */
  private async transact<T>(name: string, plan: () => Promise<Plan<T>>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        // Reads by TransactGetItems can be cancelled by a concurrent write too: both are a lost race.
        const planned = await plan();
        if ('done' in planned) return planned.done;
        await this.client.send(new TransactWriteCommand({ TransactItems: planned.write, ClientRequestToken: randomUUID() }));
        return planned.result;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const codes = (error.CancellationReasons ?? []).map((r) => r.Code ?? 'None');
        const retryable = codes.every((c) => ['None', 'ConditionalCheckFailed', 'TransactionConflict', 'ThrottlingError'].includes(c));
        if (!retryable) throw new StoreError(`${name}: transaction cancelled: ${codes.join(', ')}`, { cause: error });
        if (attempt >= this.retry.attemptsMax) {
          throw new ContentionError(`${name}: still losing races after ${attempt} attempts (${codes.join(', ')})`, { cause: error });
        }
        const ceiling = Math.min(this.retry.capDelayMs, this.retry.baseDelayMs * 2 ** Math.min(attempt, 16));
        await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
      }
    }
  }

  // ---------------------------------------------------------------------------------------- intake

  /**
   * Records the awards the engine computed for one fact, with their ledger entries, reservations and the permanent
   * fact and event keys. The same event again, or the same fact under another event id or spelling, writes nothing
   * (but the event's own outcome) and reports the awards that exist. Revocations that named the fact before it
   * arrived are met here (CONTRACT §1): from the fact's own source they record its awards VOIDED, reserving nothing;
   * from another source they are refused and change nothing.
   */
  async recordAwards(input: { eventId: string; source: string; fact: FactIdentity; awards: readonly ComputedAward[] }): Promise<RecordedAwards> {
    assert.ok(input.awards.length > 0, 'recordAwards needs at least one award; use recordNoAward');
    const { fact } = input;
    const factKey = keys.fact(fact.detailType, fact.recipientId, fact.identity);
    const markerKey = keys.revocationMarker(fact.detailType, fact.recipientId, fact.revocationName);
    const computedIds = input.awards.map((a) => a.awardId).sort();
    // What the engine computed, to tell a repeat that disagrees with the first arrival (other awards or amounts).
    const computed = input.awards.map((a) => `${a.awardId}:${a.amountFen ?? 'per-regulation'}`).sort();
    return this.transact<RecordedAwards>('recordAwards', async () => {
      const now = this.clock();
      const receivedAt = now.toISOString();
      const seen = await this.get(keys.event(input.eventId));
      if (seen !== null) {
        const outcome = seen.outcome as EventOutcome;
        return { done: { outcome, awards: await this.awardsOf(outcomeAwardIds(outcome)), repeated: true, redelivered: true, revocations: NONE_MET } };
      }
      const existing = await this.get(factKey);
      if (existing !== null) {
        const awardIds = (existing.awardIds as string[]).slice().sort();
        const outcome: EventOutcome = {
          kind: 'duplicate',
          eventId: input.eventId,
          awardIds,
          firstEventId: str(existing, 'eventId'),
          conflicting: Array.isArray(existing.computed) ? (existing.computed as string[]).join() !== computed.join() : awardIds.join() !== computedIds.join(),
          receivedAt,
        };
        const write: WriteOp[] = [{ Put: { TableName: this.table, Item: { ...keys.event(input.eventId), itemType: 'event', outcome }, ConditionExpression: 'attribute_not_exists(pk)' } }];
        return { write, result: { outcome, awards: await this.awardsOf(awardIds), repeated: true, redelivered: false, revocations: NONE_MET } };
      }
      const marked = parseMarked(await this.get(markerKey));
      const met = meetRevocations(marked?.revocations ?? [], input.source);
      const set = new ChangeSet(this.table);
      const fiscalYear = fiscalYearOf(now);
      for (const jurisdiction of new Set(input.awards.map((a) => a.jurisdiction))) set.trackBudget(await this.readBudget(jurisdiction, fiscalYear));
      for (const computed of input.awards) {
        const change = met.voidWith === null
          ? recordAward(computed, { now, budget: set.view(computed.jurisdiction, fiscalYear), config: this.config, actor: 'award-intake' })
          : recordRevokedAward(computed, { now, revokedBy: met.voidWith });
        set.add(change, null);
      }
      // The marker must be as read: a revocation that lands meanwhile makes this plan run again and meet it.
      if (marked === null) set.check(markerKey, 'attribute_not_exists(pk)');
      else set.check(markerKey, 'version = :v', { ':v': marked.version });
      for (const eventId of met.applied) {
        set.update(keys.revocation(eventId), 'SET appliedAt = if_not_exists(appliedAt, :at), awardIds = list_append(if_not_exists(awardIds, :none), :ids)', {
          condition: 'attribute_exists(pk)',
          values: { ':at': receivedAt, ':none': [], ':ids': computedIds },
        });
      }
      for (const eventId of met.refused) {
        set.update(keys.revocation(eventId), 'SET refusedAt = if_not_exists(refusedAt, :at), refusedReason = if_not_exists(refusedReason, :why)', {
          condition: 'attribute_exists(pk)',
          values: { ':at': receivedAt, ':why': wrongSource(input.source) },
        });
      }
      const outcome: EventOutcome = { kind: 'awards', eventId: input.eventId, awardIds: computedIds, receivedAt, ...(met.voidWith ? { voidedBy: met.voidWith.eventId } : {}) };
      set.put({ ...factKey, itemType: 'fact', ...fact, source: input.source, eventId: input.eventId, awardIds: computedIds, computed, createdAt: receivedAt }, 'attribute_not_exists(pk)');
      set.put({ ...keys.event(input.eventId), itemType: 'event', outcome }, 'attribute_not_exists(pk)');
      const { write, awards } = await this.build(set, now);
      return { write, result: { outcome, awards, repeated: false, redelivered: false, revocations: { applied: met.applied, refused: met.refused } } };
    });
  }

  /** Accounts for a valid event that earns nothing, with the reason. */
  async recordNoAward(input: { eventId: string; detailType: string; reason: string }): Promise<{ outcome: EventOutcome; repeated: boolean }> {
    return this.transact<{ outcome: EventOutcome; repeated: boolean }>('recordNoAward', async () => {
      const seen = await this.get(keys.event(input.eventId));
      if (seen !== null) return { done: { outcome: seen.outcome as EventOutcome, repeated: true } };
      const receivedAt = this.clock().toISOString();
      const outcome: EventOutcome = { kind: 'no-award', eventId: input.eventId, reason: input.reason, receivedAt };
      const item = { ...keys.event(input.eventId), itemType: 'event', detailType: input.detailType, outcome, gsi1pk: 'NO_AWARD', gsi1sk: `${receivedAt}#${input.eventId}` };
      return { write: [{ Put: { TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } }], result: { outcome, repeated: false } };
    });
  }

  /**
   * Quarantines a rejected event with its reason and its text, for audit; never retried, never lost. However large
   * or strange the event, the stored text and reason are cut to fit one item (with a note of what was cut).
   */
  async recordRejection(input: RejectionInput): Promise<{ rejection: Rejection; repeated: boolean }> {
    assert.ok(input.rejectionId.length > 0 && input.rejectionId.length <= QUARANTINE_LIMITS.idCharsMax, 'a rejection id is a bounded key');
    return this.transact<{ rejection: Rejection; repeated: boolean }>('recordRejection', async () => {
      const seen = await this.get(keys.rejection(input.rejectionId));
      if (seen !== null) return { done: { rejection: parseRejection(seen), repeated: true } };
      const rejection: Rejection = {
        rejectionId: input.rejectionId,
        eventId: input.eventId === null ? null : fitUtf8(input.eventId, QUARANTINE_LIMITS.idCharsMax * 4),
        detailType: input.detailType === null ? null : fitUtf8(input.detailType, QUARANTINE_LIMITS.detailTypeCharsMax * 4),
        reason: fitUtf8(input.reason, QUARANTINE_LIMITS.reasonBytesMax),
        receivedAt: this.clock().toISOString(),
        event: fitUtf8(input.event, QUARANTINE_LIMITS.eventBytesMax),
      };
      return { write: [{ Put: { TableName: this.table, Item: rejectionItem(rejection), ConditionExpression: 'attribute_not_exists(pk)' } }], result: { rejection, repeated: false } };
    });
  }

  /**
   * A revocation (CONTRACT §1). It counts only from the source that sent the fact: the awards of the facts that
   * source sent are voided (before payment) or put into clawback (after), one transaction per award, each idempotent;
   * a fact sent by another source is left as it is and the revocation is refused, with the reason. A revocation of a
   * fact not yet seen is remembered on the fact's marker, permanently, and met when the fact arrives. The record and
   * the event's outcome are written last, conditioned on the facts it did not see still being absent, so a fact that
   * lands meanwhile makes the plan run again and revoke it too.
   */
  async recordRevocation(input: RevocationInput): Promise<RecordedRevocation> {
    const { target } = input;
    const factKeys = target.identities.map((identity) => keys.fact(target.detailType, target.recipientId, identity));
    const markerKey = keys.revocationMarker(target.detailType, target.recipientId, target.revocationName);
    const revokedBy: RevokedBy = { eventId: input.eventId, reason: input.reason };
    const changed = new Map<string, Award>();
    const result = await this.transact<RecordedRevocation>('recordRevocation', async () => {
      const receivedAt = this.clock().toISOString();
      const seen = await this.get(keys.event(input.eventId));
      if (seen !== null) {
        const revocation = await this.getRevocation(input.eventId);
        return { done: { outcome: seen.outcome as EventOutcome, changed: [], repeated: true, revocation } };
      }
      const facts = await Promise.all(factKeys.map((key) => this.get(key)));
      const present = facts.filter((f): f is Item => f !== null);
      const own = present.filter((f) => str(f, 'source') === input.source);
      const others = present.filter((f) => str(f, 'source') !== input.source);
      for (const awardId of own.flatMap((f) => f.awardIds as string[])) {
        const revoked = await this.mutate('revoke', awardId, (award, now) => revoke(award, revokedBy, { now }));
        if (revoked.ok) changed.set(awardId, revoked.value);
      }
      const marked = parseMarked(await this.get(markerKey));
      const entries = marked?.revocations ?? [];
      const listed = entries.some((e) => e.eventId === input.eventId);
      const markerFull = !listed && entries.length >= LIMITS.revocationsPerFactMax;
      const refusedReason
        = own.length > 0 ? null
          : others.length > 0 ? wrongSource(str(others[0] as Item, 'source'))
            : markerFull ? `${entries.length} revocations already wait for this fact; no more are kept` : null;
      const state: RevocationState = own.length > 0 ? 'APPLIED' : refusedReason !== null ? 'REFUSED' : 'PENDING';
      const awardIds = own.flatMap((f) => f.awardIds as string[]).sort();
      const revocation: Revocation = {
        eventId: input.eventId,
        source: input.source,
        revokes: input.revokes,
        recipientId: target.recipientId,
        reason: input.reason,
        receivedAt,
        state,
        awardIds,
        appliedAt: state === 'APPLIED' ? receivedAt : null,
        refusedAt: state === 'REFUSED' ? receivedAt : null,
        refusedReason,
      };
      const set = new ChangeSet(this.table);
      factKeys.forEach((key, i) => {
        if (facts[i] === null) set.check(key, 'attribute_not_exists(pk)');
      });
      if (!listed && !markerFull) {
        const entry: MarkedRevocation = { eventId: input.eventId, source: input.source, reason: input.reason, receivedAt };
        const item = { ...markerKey, itemType: 'revocation-marker', detailType: target.detailType, recipientId: target.recipientId, name: target.revocationName, revocations: [...entries, entry], version: (marked?.version ?? 0) + 1 };
        if (marked === null) set.put(item, 'attribute_not_exists(pk)');
        else set.put(item, 'version = :v', { ':v': marked.version });
      }
      set.put(revocationItem(revocation), 'attribute_not_exists(pk)');
      const outcome: EventOutcome = { kind: 'revocation', eventId: input.eventId, awardIds, receivedAt, stateOnArrival: state };
      set.put({ ...keys.event(input.eventId), itemType: 'event', outcome }, 'attribute_not_exists(pk)');
      return { write: set.extra, result: { outcome, changed: [], repeated: false, revocation } };
    });
    // Budget a voided award released goes to the awards waiting for it; the sweeper finishes this after a crash.
    for (const award of changed.values()) await this.serveWaiting(award.jurisdiction, award.fiscalYear);
    return { ...result, changed: [...changed.values()] };
  }

  // ---------------------------------------------------------------------------------------- finance

  /** Runs a decider over one award in one transaction; retried from fresh state when a race is lost. */
  private async mutate(name: string, awardId: string, decider: (award: Award, now: Date, budget: BudgetView) => Decided): Promise<Result<Award>> {
    return this.transact<Result<Award>>(name, async () => {
      const now = this.clock();
      const read = await this.snapshot(awardId);
      if (read === null) return { done: fail('NOT_FOUND', `no award ${awardId}`) };
      const { award } = read;
      const set = new ChangeSet(this.table);
      set.trackBudget(read.budget);
      const decided = decider(award, now, set.view(award.jurisdiction, award.fiscalYear));
      if (!decided.ok) return { done: decided };
      set.add(decided.change, award);
      const { write, awards } = await this.build(set, now);
      return { write, result: { ok: true, value: awards[0] as Award } };
    });
  }

  async decide(awardId: string, principal: Principal, command: { decision: 'approve' | 'reject'; comment: string }): Promise<Result<Award>> {
    const result = await this.mutate('decide', awardId, (award, now) => decide(award, principal, command, { now }));
    if (result.ok && result.value.status === 'REJECTED') await this.serveWaiting(result.value.jurisdiction, result.value.fiscalYear);
    return result;
  }

  async setAmount(awardId: string, principal: Principal, command: { amountFen: number; basis: string }): Promise<Result<Award>> {
    return this.mutate('setAmount', awardId, (award, now, budget) => setAmount(award, principal, command, { now, budget, config: this.config }));
  }

  async recordDisbursement(awardId: string, command: { paymentId: string }): Promise<Result<Award>> {
    return this.mutate('recordDisbursement', awardId, (award, now) => recordDisbursement(award, command, { now }));
  }

  async recordPaymentFailure(awardId: string, command: { reason: string }): Promise<Result<Award>> {
    return this.mutate('recordPaymentFailure', awardId, (award, now) => recordPaymentFailure(award, command, { now }));
  }

  async retryPayment(awardId: string, principal: Principal): Promise<Result<Award>> {
    return this.mutate('retryPayment', awardId, (award, now) => retryPayment(award, principal, { now }));
  }

  async recordRepayment(awardId: string, principal: Principal, command: { amountFen: number }): Promise<Result<Award>> {
    return this.mutate('recordRepayment', awardId, (award, now) => recordRepayment(award, principal, command, { now }));
  }

  /** Sets a jurisdiction-year's allocation, then serves waiting awards first come, first served. */
  async setAllocation(principal: Principal, command: { jurisdiction: string; fiscalYear: number; allocatedFen: number }): Promise<Result<BudgetState>> {
    const result = await this.transact<Result<null>>('setAllocation', async () => {
      const now = this.clock();
      const set = new ChangeSet(this.table);
      const budget = await this.readBudget(command.jurisdiction, command.fiscalYear);
      set.trackBudget(budget);
      const decided = allocate(principal, command, set.view(command.jurisdiction, command.fiscalYear));
      if (!decided.ok) return { done: decided };
      if (decided.draft.postings.length === 0 && budget.version > 0) return { done: { ok: true, value: null } };
      set.addEntry(command.jurisdiction, decided.draft);
      const { write } = await this.build(set, now);
      return { write, result: { ok: true, value: null } };
    });
    if (!result.ok) return result;
    await this.serveWaiting(command.jurisdiction, command.fiscalYear);
    return { ok: true, value: await this.readBudget(command.jurisdiction, command.fiscalYear) };
  }

  /**
   * Reserves budget for the awards at the head of a jurisdiction-year's queue, in the order they began to wait,
   * until the next one does not fit. Returns how many were served.
   */
  async serveWaiting(jurisdiction: string, fiscalYear: number, limit: number = LIMITS.servedPerCallMax): Promise<number> {
    let served = 0;
    while (served < limit) {
      const head = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.waitingPartition(jurisdiction, fiscalYear) },
          ConsistentRead: true,
          Limit: 1,
        }),
      );
      const first = head.Items?.[0];
      if (first === undefined) return served;
      const awardId = str(first, 'awardId');
      const result = await this.transact<'served' | 'blocked' | 'moved'>('serveWaiting', async () => {
        const now = this.clock();
        const read = await this.snapshot(awardId);
        const award = read?.award ?? null;
        if (read === null || award === null || award.status !== 'AWAITING_BUDGET' || award.waitSeq !== Number(first.sk)) {
          // Another writer (a rejection, a revocation, another server) moved the award after the queue was read:
          // a lost race if its queue item is gone too, corruption if the item stays behind.
          const stillQueued = await this.get({ pk: String(first.pk), sk: String(first.sk) });
          if (stillQueued === null) return { done: 'moved' };
          throw new CorruptItemError(`queue ${jurisdiction}/${fiscalYear} holds ${awardId}, which is not waiting there`);
        }
        const set = new ChangeSet(this.table);
        set.trackBudget(read.budget);
        const change = serveFromQueue(award, { now, budget: set.view(jurisdiction, fiscalYear) });
        if (change === null) return { done: 'blocked' };
        set.add(change, award);
        const { write } = await this.build(set, now);
        return { write, result: 'served' };
      });
      if (result === 'blocked') return served;
      if (result === 'served') served += 1;
    }
    return served;
  }

  /**
   * The safety net under "released budget reaches waiting awards": serves every fiscal year of a jurisdiction that
   * has awards waiting, whatever died between a release and its serving. Bounded: a jurisdiction has one budget
   * item per year, and each year serves at most `limit`.
   */
  async serveAllWaiting(jurisdiction: string, limit: number = LIMITS.servedPerCallMax): Promise<number> {
    let served = 0;
    for (const budget of await this.listBudgets(jurisdiction)) {
      if (budget.waitingCount > 0) served += await this.serveWaiting(jurisdiction, budget.fiscalYear, limit);
    }
    return served;
  }

  // ---------------------------------------------------------------------------------------- reads

  async getAward(awardId: string): Promise<Award | null> {
    return this.readAward(awardId);
  }

  private async awardsOf(awardIds: readonly string[]): Promise<Award[]> {
    const awards = await Promise.all(awardIds.map((id) => this.readAward(id)));
    return awards.filter((a): a is Award => a !== null);
  }

  async getEventOutcome(eventId: string): Promise<EventOutcome | null> {
    if (eventId.length === 0 || eventId.length > QUARANTINE_LIMITS.idCharsMax) return null;
    const item = await this.get(keys.event(eventId));
    return item === null ? null : (item.outcome as EventOutcome);
  }

  async getBudget(jurisdiction: string, fiscalYear: number): Promise<BudgetState> {
    return this.readBudget(jurisdiction, fiscalYear);
  }

  /** The budgets of a jurisdiction, one per fiscal year that has one (at most `LIMITS.budgetYearsMax`). */
  async listBudgets(jurisdiction: string): Promise<BudgetState[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.budgetPartition(jurisdiction) },
        ConsistentRead: true,
        Limit: LIMITS.budgetYearsMax,
      }),
    );
    return (out.Items ?? []).map((item) => parseBudget(item as Item));
  }

  async getRejection(rejectionId: string): Promise<Rejection | null> {
    if (rejectionId.length === 0 || rejectionId.length > QUARANTINE_LIMITS.idCharsMax) return null;
    const item = await this.get(keys.rejection(rejectionId));
    return item === null ? null : parseRejection(item);
  }

  async getRevocation(eventId: string): Promise<Revocation | null> {
    const item = await this.get(keys.revocation(eventId));
    return item === null ? null : parseRevocation(item);
  }

  /** Revocations in the order they arrived, optionally of one state, a page at a time. */
  async listRevocations(options: { state?: RevocationState; limit?: number; cursor?: string | null } = {}): Promise<Page<Revocation>> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), LIMITS.pageSizeMax);
    const filter: Record<RevocationState, string> = {
      PENDING: 'attribute_not_exists(appliedAt) AND attribute_not_exists(refusedAt)',
      APPLIED: 'attribute_exists(appliedAt)',
      REFUSED: 'attribute_not_exists(appliedAt) AND attribute_exists(refusedAt)',
    };
    const items: Revocation[] = [];
    let key = decodeCursor<Item>(options.cursor);
    // A filter can leave a page short: read on until it is full or the partition ends, a bounded number of times.
    for (let round = 0; round < 20 && items.length < limit; round++) {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: INDEX.byJurisdiction,
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': 'REVOCATIONS' },
          ...(options.state === undefined ? {} : { FilterExpression: filter[options.state] }),
          Limit: limit - items.length,
          ...(key ? { ExclusiveStartKey: key } : {}),
        }),
      );
      items.push(...(out.Items ?? []).map((item) => parseRevocation(item as Item)));
      key = (out.LastEvaluatedKey as Item | undefined) ?? null;
      if (key === null) break;
    }
    return { items, cursor: key === null ? null : encodeCursor(key) };
  }

  /** Awards by jurisdiction (and status), by credit code, or by reference; never outside `jurisdictions`. */
  async listAwards(query: AwardQuery): Promise<Page<Award>> {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), LIMITS.pageSizeMax);
    const allowed = [...query.jurisdictions].sort();
    if (allowed.length === 0) return { items: [], cursor: null };
    const cursor = decodeCursor<{ i: number; key: Item | null }>(query.cursor) ?? { i: 0, key: null };
    const filters: string[] = [];
    const values: Item = {};
    const names: Record<string, string> = {};
    allowed.forEach((j, n) => (values[`:j${n}`] = j));
    filters.push(`jurisdiction IN (${allowed.map((_, n) => `:j${n}`).join(', ')})`);
    if (query.status !== undefined) {
      filters.push('#status = :status');
      values[':status'] = query.status;
      names['#status'] = 'status';
    }
    const byIndex = (input: Omit<QueryCommandInput, 'TableName'>) => this.pageOfAwards({ ...input, TableName: this.table }, limit, cursor.key);
    if (query.uscc !== undefined || query.reference !== undefined) {
      const [index, pk, value, extra]
        = query.reference !== undefined
          ? [INDEX.byReference, 'gsi3pk', `REF#${canonicalText(query.reference)}`, query.uscc]
          : [INDEX.byRecipient, 'gsi2pk', `USCC#${query.uscc}`, undefined];
      if (extra !== undefined) {
        filters.push('recipient.uscc = :uscc');
        values[':uscc'] = extra;
      }
      const keyCondition = index === INDEX.byRecipient ? `${pk} = :pk AND begins_with(gsi2sk, :a)` : `${pk} = :pk`;
      if (index === INDEX.byRecipient) values[':a'] = 'A#';
      const page = await byIndex({
        IndexName: index,
        KeyConditionExpression: keyCondition,
        FilterExpression: filters.join(' AND '),
        ExpressionAttributeValues: { ...values, ':pk': value },
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
      });
      return { items: page.items, cursor: page.next === null ? null : encodeCursor({ i: 0, key: page.next }) };
    }
    // By jurisdiction: walk the allowed jurisdictions in order, one partition of the index each.
    const items: Award[] = [];
    let i = cursor.i;
    let key = cursor.key;
    while (i < allowed.length && items.length < limit) {
      const page = await this.pageOfAwards(
        {
          TableName: this.table,
          IndexName: INDEX.byJurisdiction,
          KeyConditionExpression: query.status === undefined ? 'gsi1pk = :pk' : 'gsi1pk = :pk AND begins_with(gsi1sk, :status)',
          ExpressionAttributeValues: { ':pk': `J#${allowed[i]}`, ...(query.status === undefined ? {} : { ':status': `${query.status}#` }) },
        },
        limit - items.length,
        key,
      );
      items.push(...page.items);
      if (page.next === null) {
        i += 1;
        key = null;
      } else key = page.next;
    }
    return { items, cursor: i < allowed.length ? encodeCursor({ i, key }) : null };
  }

  private async pageOfAwards(input: QueryCommandInput, limit: number, start: Item | null): Promise<{ items: Award[]; next: Item | null }> {
    const items: Award[] = [];
    let key = start;
    // A filter can leave a page short: keep reading until the page is full or the partition ends (bounded).
    for (let round = 0; round < 20 && items.length < limit; round++) {
      const out = await this.client.send(new QueryCommand({ ...input, Limit: limit - items.length, ...(key ? { ExclusiveStartKey: key } : {}) }));
      items.push(...(out.Items ?? []).map((item) => parseAward(item as Item)));
      key = (out.LastEvaluatedKey as Item | undefined) ?? null;
      if (key === null) break;
    }
    return { items, next: key };
  }

  /** Ledger entries of a jurisdiction in sequence order, from a sequence number, a page at a time. */
  async ledgerPage(jurisdiction: string, options: { fromSeq?: number; limit?: number } = {}): Promise<{ entries: LedgerEntry[]; nextSeq: number | null }> {
    const limit = Math.min(Math.max(options.limit ?? 500, 1), LIMITS.ledgerPageMax);
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND sk >= :from',
        ExpressionAttributeValues: { ':pk': keys.ledgerPartition(jurisdiction), ':from': `SEQ#${seqKey(options.fromSeq ?? 1)}` },
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    const entries = (out.Items ?? []).filter((item) => String(item.sk).startsWith('SEQ#')).map((item) => parseEntry(item as Item));
    const last = entries.at(-1);
    return { entries, nextSeq: out.LastEvaluatedKey && last ? last.seq + 1 : null };
  }

  /** Every entry of a jurisdiction, in order. */
  async ledger(jurisdiction: string): Promise<LedgerEntry[]> {
    const all: LedgerEntry[] = [];
    let fromSeq: number | null = 1;
    while (fromSeq !== null) {
      const page = await this.ledgerPage(jurisdiction, { fromSeq, limit: LIMITS.ledgerPageMax });
      all.push(...page.entries);
      fromSeq = page.nextSeq;
    }
    return all;
  }

  /** Ledger entries of one recipient, across jurisdictions, in time order. */
  async ledgerOfRecipient(uscc: string): Promise<LedgerEntry[]> {
    const entries: LedgerEntry[] = [];
    let key: Item | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: INDEX.byRecipient,
          KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :l)',
          ExpressionAttributeValues: { ':pk': `USCC#${uscc}`, ':l': 'L#' },
          ...(key ? { ExclusiveStartKey: key } : {}),
        }),
      );
      entries.push(...(out.Items ?? []).map((item) => parseEntry(item as Item)));
      key = out.LastEvaluatedKey as Item | undefined;
    } while (key !== undefined);
    return entries;
  }

  async listRejections(options: { limit?: number; cursor?: string | null } = {}): Promise<Page<Rejection>> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), LIMITS.pageSizeMax);
    const start = decodeCursor<Item>(options.cursor);
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: INDEX.byJurisdiction,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'REJECTIONS' },
        Limit: limit,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    return { items: (out.Items ?? []).map((item) => parseRejection(item as Item)), cursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : null };
  }

  /**
   * Verifies a jurisdiction: the hash chain and balances of its entries, that the head names the last entry, and
   * that the budget counters equal the balances the ledger implies.
   */
  async verify(jurisdiction: string): Promise<Verification> {
    const entries = await this.ledger(jurisdiction);
    const chainResult = verifyChain(jurisdiction, entries);
    if (!chainResult.ok) return chainResult;
    const head = await this.readHead(jurisdiction);
    if (head.seq !== entries.length || head.hash !== chainResult.head) {
      return { ok: false, entries: entries.length, badSeq: Math.min(head.seq, entries.length) + 1, reason: `the head names entry ${head.seq} but the chain ends at ${entries.length} (an entry was removed)` };
    }
    for (const [fiscalYear, balances] of chainResult.balances) {
      const budget = await this.readBudget(jurisdiction, fiscalYear);
      const fields = ['allocatedFen', 'availableFen', 'reservedFen', 'disbursedFen', 'receivableFen'] as const;
      const differ = fields.filter((f) => budget[f] !== balances[f]);
      if (differ.length > 0) {
        return { ok: false, entries: entries.length, badSeq: entries.length, reason: `budget counters of ${fiscalYear} (${differ.join(', ')}) differ from the ledger` };
      }
    }
    return chainResult;
  }
}

export interface RecordedAwards {
  readonly outcome: EventOutcome;
  readonly awards: Award[];
  /** The fact was recorded before: this event changed nothing but its own outcome. */
  readonly repeated: boolean;
  /** This very event was recorded before (a redelivery): nothing at all was written. */
  readonly redelivered: boolean;
  readonly revocations: RevocationsMet;
}

export interface RevocationInput {
  readonly eventId: string;
  readonly source: string;
  readonly target: RevocationTarget;
  /** As sent, for auditors. */
  readonly revokes: { readonly detailType: string; readonly reference: string };
  readonly reason: string;
}

export interface RecordedRevocation {
  readonly outcome: EventOutcome;
  readonly changed: Award[];
  readonly repeated: boolean;
  readonly revocation: Revocation | null;
}

const NONE_MET: RevocationsMet = { applied: [], refused: [] };

/** The revocations a fact meets on arrival: its own source's void it (with the earliest); others are refused. */
function meetRevocations(revocations: readonly MarkedRevocation[], source: string): RevocationsMet & { voidWith: RevokedBy | null } {
  const own = revocations.filter((r) => r.source === source).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  const first = own[0];
  return {
    voidWith: first === undefined ? null : { eventId: first.eventId, reason: first.reason },
    applied: own.map((r) => r.eventId),
    refused: revocations.filter((r) => r.source !== source).map((r) => r.eventId),
  };
}

function wrongSource(factSource: string): string {
  return `the fact was sent by ${factSource}; a revocation counts only from the source that sent the fact`;
}

function outcomeAwardIds(outcome: EventOutcome): readonly string[] {
  switch (outcome.kind) {
    case 'awards':
    case 'duplicate':
    case 'revocation':
      return outcome.awardIds;
    case 'no-award':
      return [];
    default: {
      const unreachable: never = outcome;
      throw new CorruptItemError(`unknown outcome ${JSON.stringify(unreachable)}`);
    }
  }
}
