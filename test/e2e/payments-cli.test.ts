/**
 * The payment commands of `awards` against the running local stack, as finance officers use them: a payee account
 * set by one officer and confirmed by another, an approved award paid by the stack's payment run and simulated bank,
 * the batch's pain.001 downloaded and validated, the bank's answer imported again (repeated, nothing changes) and a
 * copy under a new message id (an exception, then resolved), and a bank file that does not validate refused.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Award } from '../../shared/domain/awards';
import type { Payee } from '../../shared/domain/payees';
import { simulateBank } from '../../shared/adapters/iso20022/simulated-bank';
import { validateXml } from '../../shared/adapters/iso20022/validate';
import type { ReconciliationException } from '../../shared/store/reconcile';
import { SAMPLES } from '../support/lambda';
import { type RunningStack, api, eventually, runAwards, startStack, token } from '../support/local-stack';
import { camtFile } from '../support/bank-files';

const J = '130000';
const USCC = '11130181MB0123456R';
const ACCOUNT = '6222020402001234567';
const ACCOUNT_OPTIONS = ['--account-name', '辛集市人民政府', '--account-number', ACCOUNT, '--bank-code', '102131000013', '--bank-name', '中国工商银行辛集支行'];

let stack: RunningStack;
let auditor: string;
let approver: string;
let li: string;
let zhao: string;
const dir = mkdtempSync(join(tmpdir(), 'awards-payments-cli-'));
const runSecondsBefore = process.env.AWARDS_PAYMENT_RUN_SECONDS;

const awards = (bearer: string, ...args: string[]) => runAwards(stack, bearer, ...args);

async function json<T>(bearer: string, ...args: string[]): Promise<T> {
  const run = await awards(bearer, ...args, '--json');
  expect(run.stderr).not.toContain('awards:');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as T;
}

async function zoneAward(status: Award['status']): Promise<Award> {
  return eventually(`the demonstration zone's award ${status}`, async () => {
    const items = await json<Award[]>(approver, 'list', '--jurisdiction', J);
    return items.find((a) => a.recipient.kind === 'organization' && a.recipient.uscc === USCC && a.status === status);
  }, 90_000);
}

beforeAll(async () => {
  // The stack's payment run every second, so an approved award with a confirmed payee is paid within seconds.
  process.env.AWARDS_PAYMENT_RUN_SECONDS = '1';
  stack = await startStack({ inMemory: true });
  [auditor, approver, li, zhao] = await Promise.all([
    token('qian', ['auditor']),
    token('wang', [`approver:${J}`]),
    token('li', [`officer:${J}`]),
    token('zhao', [`officer:${J}`]),
  ]);
}, 180_000);

afterAll(async () => {
  await stack?.stop('SIGINT');
  if (runSecondsBefore === undefined) delete process.env.AWARDS_PAYMENT_RUN_SECONDS;
  else process.env.AWARDS_PAYMENT_RUN_SECONDS = runSecondsBefore;
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The camt.054 the stack's simulated bank answered a batch with, as it lies in the stack's inbound directory beside the
 * pain.001 (the stack prints where it wrote that). Importing the bank's file again means importing these very bytes:
 * a file written anew, even by the same bank, is another file under the same message id (CONTRACT §6).
 */
function bankAnswerOf(batchId: string): string {
  return readFileSync(bankAnswerPathOf(batchId), 'utf8');
}

function bankAnswerPathOf(batchId: string): string {
  const filed = new RegExp(`payment batch ${batchId}: .* file (\\S+)\\.pain\\.001\\.xml`).exec(stack.output());
  if (filed?.[1] === undefined) throw new Error(`the stack printed no file for ${batchId}:\n${stack.output()}`);
  return filed[1].replace(/([^/]+)$/, 'inbound/$1.camt.054.xml');
}

describe('awards payees, payments, bank and exceptions, against the local stack', () => {
  let award: Award;
  let pain001: string;
  let batchId: string;

  it('sets a payee under dual control, pays the approved award, and serves its pain.001', async () => {
    const emitted = await awards(auditor, 'emit', join(SAMPLES, 'demonstration-zone-won.json'));
    expect(emitted.code).toBe(0);
    award = await zoneAward('PENDING_APPROVAL');
    expect(award).toMatchObject({ amountFen: 50_000_000, jurisdiction: J, recipient: { name: '辛集市人民政府' } });

    const refusedOffline = await awards(li, 'payees', 'set', J, 'NOT-A-CODE', ...ACCOUNT_OPTIONS);
    expect(refusedOffline.code).toBe(2);
    expect(refusedOffline.stderr).toContain('neither a unified social credit code');

    const set = await awards(li, 'payees', 'set', J, USCC, ...ACCOUNT_OPTIONS);
    expect(set.stderr).not.toContain('awards:');
    expect(set.code).toBe(0);
    expect(set.stdout).toContain(`${J}  ${USCC}  PENDING_CONFIRMATION`);
    expect(set.stdout).toMatch(new RegExp(`proposed {4}辛集市人民政府  ${ACCOUNT}  102131000013 中国工商银行辛集支行  \\(by li at `));
    expect(set.stdout).toContain('confirmed   none');
    const proposal = /proposal {4}(pp-[0-9a-f]{24}) {2}\(confirm with: awards payees confirm 130000 11130181MB0123456R --proposal pp-/.exec(set.stdout)?.[1] ?? '';
    expect(proposal).not.toBe('');

    const without = await awards(zhao, 'payees', 'confirm', J, USCC);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('required option \'--proposal <id>\' not specified');

    const self = await awards(li, 'payees', 'confirm', J, USCC, '--proposal', proposal);
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('403 FORBIDDEN');
    expect(self.stderr).toContain('dual control');

    const confirmed = await json<Payee>(zhao, 'payees', 'confirm', J, USCC, '--proposal', proposal);
    expect(confirmed).toMatchObject({ status: 'CONFIRMED', pending: null, confirmed: { proposalId: proposal, accountNumber: ACCOUNT, proposedBy: 'li', confirmedBy: 'zhao' } });

    const masked = await awards(approver, 'payees', 'show', J, USCC);
    expect(masked.code).toBe(0);
    expect(masked.stdout).toContain(`${J}  ${USCC}  CONFIRMED`);
    expect(masked.stdout).toContain('****4567');
    expect(masked.stdout).not.toContain(ACCOUNT);
    expect(masked.stdout).toMatch(/WHEN \(UTC\+8\) +CHANGE +PROPOSAL +BY +ACCOUNT NAME +ACCOUNT +BANK CODE +BANK/);
    expect(masked.stdout).toMatch(new RegExp(`PROPOSED +${proposal} +li +辛集市人民政府 +\\*{4}4567 +102131000013 +中国工商银行辛集支行`));
    expect(masked.stdout).toMatch(new RegExp(`CONFIRMED +${proposal} +zhao +辛集市人民政府 +\\*{4}4567`));
    const whole = await awards(li, 'payees', 'show', J, USCC);
    expect(whole.stdout).toContain(`confirmed   辛集市人民政府  ${ACCOUNT}  102131000013 中国工商银行辛集支行  (proposed by li, confirmed by zhao at `);

    const approved = await awards(approver, 'approve', award.awardId, '--comment', '核对无误');
    expect(approved.code).toBe(0);
    await zoneAward('DISBURSED');

    const nothing = await awards(li, 'payments', 'run', J);
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toContain(`${J}: nothing payable`);

    const batches = await json<Array<{ batchId: string; count: number; totalFen: number; status: string; fileName: string }>>(li, 'payments', 'list', '--jurisdiction', J);
    expect(batches).toHaveLength(1);
    const [batch] = batches;
    expect(batch).toMatchObject({ status: 'FILED', count: 1, totalFen: 50_000_000 });
    batchId = batch?.batchId ?? '';
    const listed = await awards(approver, 'payments', 'list', '--jurisdiction', J);
    expect(listed.stdout).toMatch(new RegExp(`^${batch?.batchId}  ${J} +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  1 +¥500,000.00  FILED +${batch?.fileName}$`, 'm'));

    const file = join(dir, 'batch.pain.001.xml');
    const downloaded = await awards(li, 'payments', 'file', batch?.batchId as string, '--out', file);
    expect(downloaded.code).toBe(0);
    pain001 = readFileSync(file, 'utf8');
    expect(await validateXml(pain001, 'pain.001.001.09')).toEqual({ ok: true });
    expect(pain001).toContain(`<EndToEndId>${award.awardId}</EndToEndId>`);
    expect(pain001).toContain('500000.00');
    const onStdout = await awards(auditor, 'payments', 'file', batch?.batchId as string);
    expect(onStdout.stdout).toBe(pain001);
  }, 240_000);

  it('imports the bank\'s answer again (repeated, nothing changes), a copy under a new id (an exception), and resolves it', async () => {
    expect(pain001).toBeDefined();
    const camt054 = bankAnswerOf(batchId);
    const again = join(dir, 'again.camt.054.xml');
    writeFileSync(again, camt054);
    const ledgerBefore = await json<unknown[]>(auditor, 'ledger', '--jurisdiction', J);
    const [repeated] = await json<Array<{ messageId: string; repeated: boolean; matched: number; exceptions: number }>>(li, 'bank', 'import', again);
    expect(repeated).toMatchObject({ repeated: true, matched: 1, exceptions: 0 });
    const table = await awards(li, 'bank', 'import', again);
    expect(table.stdout).toMatch(/FILE +MESSAGE +TYPE +MATCHED +RETURNED +EXCEPTIONS +PENDING +REPEATED/);
    expect(table.stdout).toMatch(/SIMBANK-NTF-[0-9a-f]{20} {2}camt\.054\.001\.08 +1 +0 +0 +0 +true/);
    expect(await json<ReconciliationException[]>(li, 'exceptions', 'list', '--jurisdiction', J)).toEqual([]);
    expect(await json<unknown[]>(auditor, 'ledger', '--jurisdiction', J)).toEqual(ledgerBefore);
    await zoneAward('DISBURSED');

    const resent = join(dir, 'resent.camt.054.xml');
    writeFileSync(resent, camt054.replace(`<MsgId>${repeated?.messageId}</MsgId>`, '<MsgId>SIMBANK-NTF-RESENT-0001</MsgId>'));
    const [second] = await json<Array<{ messageId: string; repeated: boolean; exceptions: number }>>(li, 'bank', 'import', resent);
    expect(second).toMatchObject({ messageId: 'SIMBANK-NTF-RESENT-0001', repeated: false, exceptions: 1 });
    const open = await json<ReconciliationException[]>(li, 'exceptions', 'list', '--jurisdiction', J, '--status', 'OPEN');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ kind: 'CONFIRMED_TWICE', endToEndId: award.awardId, amountFen: 50_000_000, status: 'OPEN' });
    const id = open[0]?.exceptionId as string;
    const shown = await awards(auditor, 'exceptions', 'list', '--jurisdiction', J);
    expect(shown.stdout).toMatch(new RegExp(`^${id}  CONFIRMED_TWICE  ${J} +${award.awardId}  ¥500,000.00  OPEN +camt\\.054`, 'm'));

    const resolved = await awards(zhao, 'exceptions', 'resolve', id, '--note', '已核对');
    expect(resolved.code).toBe(0);
    expect(resolved.stdout).toMatch(new RegExp(`^${id}  CONFIRMED_TWICE  RESOLVED  by zhao at .+: 已核对$`, 'm'));
    expect(await json<ReconciliationException[]>(li, 'exceptions', 'list', '--jurisdiction', J, '--status', 'OPEN')).toEqual([]);
    const twice = await awards(zhao, 'exceptions', 'resolve', id, '--note', '已核对');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('409 CONFLICT');

    // The answer written anew (another creation time) under the bank's message id is another file: refused, kept.
    const rewritten = join(dir, 'rewritten.camt.054.xml');
    writeFileSync(rewritten, (await simulateBank(pain001, { now: new Date(Date.now() + 3_600_000) })).camt054);
    const conflict = await awards(li, 'bank', 'import', rewritten);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain(`bank import ${rewritten} refused: 409 CONFLICT`);
    expect(conflict.stderr).toContain('is another file than the camt.054.001.08');
    const kept = await json<ReconciliationException[]>(li, 'exceptions', 'list', '--jurisdiction', J, '--status', 'OPEN');
    expect(kept.map((e) => e.kind)).toEqual(['BANK_MESSAGE_CONFLICT']);
    expect(await json<unknown[]>(auditor, 'ledger', '--jurisdiction', J)).toEqual(ledgerBefore);
  }, 120_000);

  it('refuses a bank file that does not validate, with the XSD\'s reason, after importing the others', async () => {
    const camt054 = bankAnswerOf(batchId);
    const bad = join(dir, 'bad.camt.054.xml');
    writeFileSync(bad, camt054.replace(/<MsgId>SIMBANK-NTF-[0-9a-f]{20}<\/MsgId>/, ''));
    const good = join(dir, 'good.camt.054.xml');
    writeFileSync(good, camt054);
    const run = await awards(li, 'bank', 'import', bad, good);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`bank import ${bad} refused: 400 VALIDATION`);
    expect(run.stderr).toContain('does not validate against camt.054.001.08');
    expect(run.stderr).toContain('Expected is ( MsgId )');
    expect(run.stdout).toMatch(/good\.camt\.054\.xml +SIMBANK-NTF-[0-9a-f]{20} {2}camt\.054\.001\.08 +1 +0 +0 +0 +true/);
    expect(run.stdout).toContain('1 imported, 1 refused');
  }, 60_000);

  it('queues a bank file above the API\'s synchronous limit (202): printed QUEUED, then reconciled by bank-inbound as li\'s', async () => {
    const lines = Array.from({ length: 1_001 }, (_, i) => ({ amount: '1.00', indicator: 'DBIT' as const, bookingDate: '2026-05-06', txs: [{ endToEndId: `aw-${String(i).padStart(32, '0')}` }] }));
    const large = join(dir, 'large.camt.053.xml');
    writeFileSync(large, await camtFile('camt.053.001.08', 'CLI-LARGE-STMT-0001', lines));
    const run = await awards(li, 'bank', 'import', large);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/CLI-LARGE-STMT-0001 {2}camt\.053\.001\.08 +- +- +- +- +false/);
    expect(run.stdout).toContain(`${large}: QUEUED, 1001 entries, reconciled by bank-inbound in steps as your import; follow it at GET /bank-files/CLI-LARGE-STMT-0001`);
    expect(run.stdout).toContain('1 imported, 0 refused');
    // The stack hands the queued file (under .data/payments/inbound/officers/) to bank-inbound, as S3 would.
    const done = await eventually('the queued file reconciled', async () => {
      const progress = await api(stack, li, 'GET', '/bank-files/CLI-LARGE-STMT-0001');
      return (progress.json as { status?: string }).status === 'DONE' ? progress.json : undefined;
    }, 60_000);
    expect(done).toMatchObject({ importedBy: 'li', jurisdictions: [J], entries: 1_001, processed: 1_001, exceptions: 1_001 });
  }, 90_000);

  it('names a person\'s payee by the keyed id: officers by number or P:…, an auditor by P:… only, masked', async () => {
    const number = '130102197804123516';
    const set = await awards(li, 'payees', 'set', J, number, '--account-name', '张某某', '--account-number', '6217000130009876543', '--bank-code', '105121000015', '--bank-name', '中国建设银行石家庄长安支行');
    expect(set.stderr).not.toContain('awards:');
    expect(set.stdout).not.toContain(number);
    const keyed = /^130000 {2}(P:[0-9a-f]{32}) {2}PENDING_CONFIRMATION$/m.exec(set.stdout)?.[1] ?? '';
    expect(keyed).not.toBe('');
    // The line to confirm with names the keyed id, which the command accepts: the number is never printed.
    const proposal = new RegExp(`confirm with: awards payees confirm 130000 ${keyed} --proposal (pp-[0-9a-f]{24})`).exec(set.stdout)?.[1] ?? '';
    expect(proposal).not.toBe('');
    const confirmed = await json<Payee>(zhao, 'payees', 'confirm', J, keyed, '--proposal', proposal);
    expect(confirmed).toMatchObject({ recipientId: keyed, status: 'CONFIRMED', confirmed: { accountNumber: '6217000130009876543' } });

    const auditorByNumber = await awards(auditor, 'payees', 'show', J, number);
    expect(auditorByNumber.code).toBe(1);
    expect(auditorByNumber.stderr).toContain('403 FORBIDDEN');
    expect(auditorByNumber.stderr).not.toContain(number);
    const auditorByKey = await awards(auditor, 'payees', 'show', J, keyed);
    expect(auditorByKey.stderr).not.toContain('awards:');
    expect(auditorByKey.stdout).toContain(`${J}  ${keyed}  CONFIRMED`);
    expect(auditorByKey.stdout).toContain('张某某  ****6543  105121000015');
    expect(auditorByKey.stdout).not.toContain('6217000130009876543');
  }, 60_000);

  it('takes a bank file POSTed as its bytes: UTF-16 with or without a mark is the same answer; bytes that are no text are refused, saying why', async () => {
    const camt054 = bankAnswerOf(batchId).replace('encoding="UTF-8"', 'encoding="UTF-16"');
    const post = async (bytes: Buffer) => {
      const response = await fetch(`${stack.apiUrl}/bank-files`, { method: 'POST', headers: { 'authorization': `Bearer ${li}`, 'content-type': 'application/xml' }, body: bytes });
      return { status: response.status, json: (await response.json()) as { repeated?: boolean; error?: { code: string; message: string } } };
    };
    // Decoded as UTF-8 by the local gateway, these were "Start tag expected" (attack review LOW-1) or read from U+FFFD (MEDIUM-1).
    const marked = await post(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(camt054, 'utf16le')]));
    expect(marked).toMatchObject({ status: 200, json: { repeated: true } });
    expect(await post(Buffer.from(camt054, 'utf16le'))).toMatchObject({ status: 200, json: { repeated: true } });
    const gbk = await post(Buffer.concat([Buffer.from(bankAnswerOf(batchId)), Buffer.from('<!-- '), Buffer.from('caa7d0c5b1bbd6b4d0d0c8cbc3fbb5a5', 'hex'), Buffer.from(' -->')]));
    expect(gbk.status).toBe(400);
    expect(gbk.json.error?.message).toMatch(/^bank file refused: the file is not UTF-8 text \(an invalid byte sequence/);
    // A payee's JSON in GBK (辛集市人民政府): refused, not proposed as U+FFFD to be confirmed and sent to the bank.
    const payee = Buffer.concat([Buffer.from('{"accountName":"'), Buffer.from('d0c1bcafcad0c8cbc3f1d5feb8ae', 'hex'), Buffer.from(`","accountNumber":"${ACCOUNT}","bankCode":"102131000013","bankName":"bank"}`)]);
    const put = await fetch(`${stack.apiUrl}/payees/${J}/${USCC}`, { method: 'PUT', headers: { 'authorization': `Bearer ${li}`, 'content-type': 'application/json' }, body: payee });
    expect([put.status, ((await put.json()) as { error?: { message: string } }).error?.message]).toEqual([400, 'body is not UTF-8 text (GBK?): JSON is sent as UTF-8']);
  }, 60_000);

  it('reconciles a file the bank dropped in inbound/ as UTF-16 with its mark, as bank-inbound reads one from S3', async () => {
    const zone = await zoneAward('DISBURSED');
    // The answer to the paid batch again under a new message id, saved by the bank's tool as UTF-16LE: a second
    // confirmation of a paid award (an exception). Read as UTF-8 it failed at bank-inbound with "Start tag expected".
    const path = bankAnswerPathOf(batchId);
    const resaved = readFileSync(path, 'utf8').replace(/<MsgId>SIMBANK-NTF-[0-9a-f]{20}<\/MsgId>/, '<MsgId>SIMBANK-NTF-UTF16-0001</MsgId>').replace('encoding="UTF-8"', 'encoding="UTF-16"');
    expect(resaved).toContain('<MsgId>SIMBANK-NTF-UTF16-0001</MsgId>');
    writeFileSync(path.replace(/[^/]+$/, 'resaved-utf16.camt.054.xml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(resaved, 'utf16le')]));
    const line = /bank file inbound\/resaved-utf16\.camt\.054\.xml: \d+ matched, 0 returned, 1 exception\(s\)/;
    await eventually('bank-inbound reconciled the UTF-16 file', async () => (line.test(stack.output()) ? true : undefined), 30_000);
    expect(stack.output()).not.toContain('bank-inbound inbound/resaved-utf16');
    const open = await json<ReconciliationException[]>(li, 'exceptions', 'list', '--jurisdiction', J, '--status', 'OPEN');
    expect(open.filter((e) => e.kind === 'CONFIRMED_TWICE' && e.endToEndId === zone.awardId)).toHaveLength(1);
  }, 60_000);
});
