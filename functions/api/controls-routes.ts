/**
 * The routes of the controls before payment (CONTRACT §6, issue 21): the public notice (公示) as JSON, CSV or xlsx,
 * objections and their decisions, an officer's hold, and the credit list. Each validates its input, asks the store
 * (which authorizes and decides), and answers the contract's shape.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type Principal, isAuditor, officerJurisdictions } from '../../shared/domain/authz';
import { regionFromIdNumber } from '../../shared/domain/person';
import { jurisdictionCovers } from '../../shared/domain/region';
import { controlsOf } from '../../shared/domain/controls';
import { type NoticeRow, noticeRow, objectionsSentence } from '../../shared/domain/publicity';
import { CSV_CONTENT_TYPE, csvDocument } from '../../shared/adapters/files/csv';
import { XLSX_CONTENT_TYPE, xlsxWorkbook } from '../../shared/adapters/files/xlsx';
import { LIMITS } from '../../shared/limits';
import type { Award } from '../../shared/domain/awards';
import type { CreditListState } from '../../shared/store/store';
import type { ApiDeps } from './deps';
import { type Event, type Handler, HttpError, body, json, parse, unwrap } from './http';
import type { ControlsRoute } from '../../shared/contract/routes';
import { schemas } from '../../shared/contract/control-requests';
import { awardFor } from './views';
import type { CreditImportResult } from '../../shared/store/store';
import type { Exact } from '../../shared/contract/common';
import type * as answers from '../../shared/contract/answers/controls';

const awardIdOf = (event: Event): string => event.pathParameters?.awardId ?? '';

export function controlsRoutes(deps: ApiDeps): Record<ControlsRoute, Handler> {
  const { store } = deps;
  return {
    'GET /publicity': async (event) => {
      const q = parse(schemas.publicityQuery, event.queryStringParameters ?? {}, 'query');
      const rows = await noticeRows(deps, q.jurisdiction);
      const objectTo = objectionsSentence(q.jurisdiction, controlsOf(store.controls, q.jurisdiction).objectionsTo);
      const days = controlsOf(store.controls, q.jurisdiction).publicityWorkingDays;
      if (q.format === 'csv') return { statusCode: 200, headers: download(CSV_CONTENT_TYPE, `publicity-${q.jurisdiction}.csv`), body: noticeCsv(rows, objectTo) };
      if (q.format === 'xlsx') {
        return { statusCode: 200, headers: download(XLSX_CONTENT_TYPE, `publicity-${q.jurisdiction}.xlsx`), body: noticeXlsx(rows, objectTo).toString('base64'), isBase64Encoded: true };
      }
      return json(200, { jurisdiction: q.jurisdiction, publicityWorkingDays: days, objectionsTo: objectTo, items: rows });
    },
    'POST /awards/{awardId}/objections': async (event, principal) => {
      const b = parse(schemas.objectionBody, body(event), 'body');
      const held = unwrap(await store.recordObjection(awardIdOf(event), principal, b));
      deps.metrics.addMetric('ObjectionsRecorded', MetricUnit.Count, 1);
      return json(201, awardFor(principal, held));
    },
    'POST /awards/{awardId}/objections/{objectionId}/decision': async (event, principal) => {
      const b = parse(schemas.objectionDecisionBody, body(event), 'body');
      const objectionId = parse(schemas.objectionId, event.pathParameters?.objectionId, 'objectionId');
      return json(200, awardFor(principal, unwrap(await store.decideObjection(awardIdOf(event), principal, { objectionId, ...b }))));
    },
    'POST /awards/{awardId}/hold': async (event, principal) => {
      const b = parse(schemas.holdBody, body(event), 'body');
      return json(200, awardFor(principal, unwrap(await store.hold(awardIdOf(event), principal, b))));
    },
    'POST /credit-lists': async (event, principal) => {
      const b = parse(schemas.creditImportBody, body(event, LIMITS.controls.creditImportBytesMax), 'body');
      const results = unwrap(await store.importCreditEntries(principal, b.entries, deps.personKey));
      const count = (o: string) => results.filter((r) => r.outcome === o).length;
      return json(200, { imported: count('imported'), repeated: count('repeated'), refused: count('refused'), results });
    },
    'GET /credit-lists': async (event, principal) => {
      const q = parse(schemas.creditListQuery, event.queryStringParameters ?? {}, 'query');
      if (!isAuditor(principal) && officerJurisdictions(principal).length === 0) throw new HttpError('FORBIDDEN', 'reading the credit list needs an officer group or auditor');
      if (q.recipientId !== undefined) {
        const byNumber = /^\d{17}[\dX]$/.test(q.recipientId);
        if (byNumber) numberAskedWhereIssued(principal, q.recipientId);
        const recipientId = byNumber ? deps.personKey.recipientIdOf(q.recipientId) : q.recipientId;
        return json(200, { items: [listView(await store.getCreditList(recipientId))].filter((l) => l.entries.length > 0), cursor: null });
      }
      const page = await store.listCreditLists({ limit: q.limit, cursor: q.cursor ?? null });
      return json(200, { items: page.items.map(listView), cursor: page.cursor });
    },
  };
}

/**
 * The credit list is one for every jurisdiction, so a person's number may be asked by an officer of the jurisdiction
 * where it was issued (its first six digits), who sees it whole on that jurisdiction's awards and imports it from the
 * lists; anyone else would learn, from whether an entry is found, which of the thousand numbers a masked one can be
 * is the person's (attack review of issue 23, H1). Auditors and other officers ask by the keyed id (P:…).
 */
function numberAskedWhereIssued(principal: Principal, idNumber: string): void {
  const region = regionFromIdNumber(idNumber);
  if (officerJurisdictions(principal).some((j) => jurisdictionCovers(j, region))) return;
  throw new HttpError('FORBIDDEN', `asking the credit list by a person's identity number is for officers of the jurisdiction it was issued in (${region}); ask by recipientId, the keyed id (P:…) the award and the list show`);
}

/** A recipient's entries as answered: the recipient shown as imported (a person's number masked), never the key alone. */
function listView(list: CreditListState) {
  return { recipientId: list.recipientId, entries: list.entries };
}

const download = (type: string, name: string) => ({ 'content-type': type, 'content-disposition': `attachment; filename="${name}"` });

/** The awards on the notice: in publicity, and under an objection still within the period; bounded. */
async function noticeRows(deps: ApiDeps, jurisdiction: string): Promise<NoticeRow[]> {
  const rows: NoticeRow[] = [];
  const now = deps.store.clock().toISOString();
  for (const status of ['IN_PUBLICITY', 'ON_HOLD'] as const) {
    let cursor: string | null = null;
    do {
      const page = await deps.store.listAwards({ jurisdictions: [jurisdiction], status, limit: LIMITS.store.pageSizeMax, cursor });
      const listed = page.items.filter((a: Award) => status === 'IN_PUBLICITY' || (a.hold?.reason === 'OBJECTION' && a.publicity !== null && now <= a.publicity.until));
      rows.push(...listed.map((a) => noticeRow(a, deps.catalog)));
      if (rows.length > LIMITS.controls.noticeRowsMax) throw new HttpError('CONFLICT', `more than ${LIMITS.controls.noticeRowsMax} awards are on the notice of ${jurisdiction}: ask for them per policy`);
      cursor = page.cursor;
    } while (cursor !== null);
  }
  return rows.sort((a, b) => a.fromDate.localeCompare(b.fromDate) || a.awardId.localeCompare(b.awardId));
}

const NOTICE_HEADERS = ['序号', '受奖单位或个人', '统一社会信用代码', '奖励依据', '条款', '事项', '奖励金额（元）', '公示开始', '公示截止', '状态'];

const stateWords = (row: NoticeRow) => (row.state === 'OBJECTION' ? '异议处理中' : '公示中');
const yuanText = (fen: number) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

function noticeCsv(rows: readonly NoticeRow[], objectTo: string): string {
  const lines = rows.map((r, i) => [i + 1, r.recipientName, r.uscc ?? '', r.policy, r.clause, r.reference, yuanText(r.amountFen), r.fromDate, r.untilDate, stateWords(r)]);
  return `${csvDocument(NOTICE_HEADERS, lines)}${csvDocument(['异议方式'], [[objectTo]]).replace(/^\uFEFF/, '')}`;
}

function noticeXlsx(rows: readonly NoticeRow[], objectTo: string): Buffer {
  return xlsxWorkbook([
    {
      name: '公示名单',
      columns: [
        { header: '序号', kind: 'integer', width: 6 },
        { header: '受奖单位或个人', kind: 'text', width: 36 },
        { header: '统一社会信用代码', kind: 'text', width: 22 },
        { header: '奖励依据', kind: 'text', width: 36 },
        { header: '条款', kind: 'text', width: 8 },
        { header: '事项', kind: 'text', width: 40 },
        { header: '奖励金额（元）', kind: 'yuan', width: 16 },
        { header: '公示开始', kind: 'date', width: 12 },
        { header: '公示截止', kind: 'date', width: 12 },
        { header: '状态', kind: 'text', width: 10 },
      ],
      rows: rows.map((r, i) => [i + 1, r.recipientName, r.uscc, r.policy, r.clause, r.reference, r.amountFen, r.fromDate, r.untilDate, stateWords(r)]),
    },
    { name: '异议方式', columns: [{ header: '异议方式', kind: 'text', width: 100 }], rows: [[objectTo]] },
  ]);
}

// What these routes answer is the contract's (shared/contract/answers/controls.ts), field for field: proved here, where
// the store's types load (the contract is also the browser's). One side changed alone fails to compile.
const _answersAreTheContracts: [Exact<answers.CreditImportResult, CreditImportResult>, Exact<answers.CreditList, ReturnType<typeof listView>>] = [true, true];
