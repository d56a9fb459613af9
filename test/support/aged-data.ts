/**
 * A local stack's data directory with awards recorded weeks ago (issue 22): what a stack that has run for a while
 * holds, so that the reports and the time limits have something to show on the day a test runs. The awards go through
 * the real store (the same calls award-intake and the API make), on a clock set back; the stack then starts on the
 * directory as on any other day.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DATA_SCHEME } from '../../infra/local/data-scheme';
import { documentClient, ensureTable, localClient, startDynamoLocal } from '../../infra/local/dynamodb';
import { DEFAULT_APPROVAL_CONFIG } from '../../shared/domain/approval';
import { fiscalYearOf } from '../../shared/domain/awards';
import { yuan } from '../../shared/domain/money';
import { AwardStore } from '../../shared/store/store';
import { keys } from '../../shared/store/table';
import { designAward, fact } from './awards';
import { payAward } from './payments';
import { people } from './store';

export interface AgedData {
  readonly dataDir: string;
  /** The fiscal year the awards were recorded in. */
  readonly year: number;
  /** Recorded and still waiting for approval, past the 5 working days. */
  readonly pending: string;
  /** Approved, with no payee: waiting to be paid, past the 3 working days. */
  readonly approved: string;
  /** Paid through the (simulated) bank. */
  readonly paid: string;
}

export async function agedDataDir(daysAgo: number): Promise<AgedData> {
  const dataDir = mkdtempSync(join(tmpdir(), 'awards-aged-'));
  mkdirSync(join(dataDir, 'dynamodb'));
  const dynamo = await startDynamoLocal({ path: join(dataDir, 'dynamodb') });
  const raw = localClient(dynamo.endpoint);
  try {
    await ensureTable(raw, 'awards');
    const doc = documentClient(raw);
    await doc.send(new PutCommand({ TableName: 'awards', Item: { ...keys.meta(), itemType: 'meta', scheme: DATA_SCHEME } }));
    const then = new Date(Date.now() - daysAgo * 86_400_000);
    const store = new AwardStore({ client: doc, tableName: 'awards', approvalConfig: DEFAULT_APPROVAL_CONFIG, clock: () => then });
    const year = fiscalYearOf(then);
    for (const [j, fen] of [['130000', yuan(100_000_000)], ['130100', yuan(20_000_000)], ['350000', yuan(50_000_000)]] as const) {
      await store.setAllocation(people.budgetAdmin(j, 'local-setup'), { jurisdiction: j, fiscalYear: year, allocatedFen: fen });
    }
    const hebei = async (f: ReturnType<typeof designAward>) => (await store.recordAwards(f)).awards.find((a) => a.jurisdiction === '130000')!;
    const pending = await hebei(designAward(yuan(80_000), '冀工设〔2026〕101号'));
    const approved = await hebei(designAward(yuan(60_000), '冀工设〔2026〕102号'));
    const paid = await hebei(fact('StandardPublished', { standard: { number: 'GB/T 49100-2026', title: '某某', level: 'national' }, draftingRank: 1 }, { recipient: 'shijiazhuang', reference: 'GB/T 49100-2026', eventId: 'aged-std' }));
    for (const award of [approved, paid]) {
      const decided = await store.decide(award.awardId, people.approver('130000', 'zhang.wei'), { decision: 'approve', comment: '材料齐全' });
      if (!decided.ok) throw new Error(decided.message);
    }
    if ((await payAward(store, paid.awardId)).status !== 'DISBURSED') throw new Error('the aged award was not paid');
    return { dataDir, year, pending: pending.awardId, approved: approved.awardId, paid: paid.awardId };
  } finally {
    raw.destroy();
    await dynamo.stop();
  }
}
