/** What the controls' routes accept (issue 21), validated at the boundary (STYLE 8), each schema built on first use. */
import * as z from 'zod';
import { saysNothing } from '../domain/identity';
import { REGION_CODE } from '../domain/region';
import { lazyRecord } from '../lazy';
import { LIMITS } from '../limits';

const written = (what: string, max = 2_000) => z.string({ error: `is required: ${what}` }).trim().max(max).refine((v) => !saysNothing(v), { error: `must say ${what}` });
const cursor = () => z.string().max(LIMITS.api.cursorCharsMax).regex(/^[A-Za-z0-9_-]+$/, { error: 'is not a cursor this API returned' });

export const schemas = lazyRecord({
  publicityQuery: () => z.strictObject({
    jurisdiction: z.string({ error: 'is required: whose notice (a 6-digit division code)' }).regex(REGION_CODE, { error: 'must be a 6-digit division code' }),
    format: z.enum(['json', 'csv', 'xlsx']).optional(),
  }),
  objectionBody: () => z.strictObject({
    objectorName: written('the objector\'s real name', 50),
    contact: written('how to reach the objector', 200),
    text: written('the objection as written', LIMITS.controls.objectionTextCharsMax),
    evidenceRef: z.string().trim().max(200).optional(),
  }),
  objectionId: () => z.string().regex(/^ob-[0-9a-f-]{36}$/, { error: 'is not an objection id (ob- and a UUID, as the award shows it)' }),
  objectionDecisionBody: () => z.strictObject({ outcome: z.enum(['upheld', 'dismissed'], { error: 'must be upheld or dismissed' }), basis: written('on what the decision rests') }),
  holdBody: () => z.strictObject({ note: written('why the award is held') }),
  creditImportBody: () => z.strictObject({
    entries: z.array(z.strictObject({
      recipientId: z.string().max(40),
      listName: z.string().max(200),
      from: z.string().max(20),
      to: z.string().max(20).nullable().optional(),
    }), { error: 'entries must be a list of { recipientId, listName, from, to? }' }).min(1).max(LIMITS.controls.creditEntriesPerImportMax),
  }),
  creditListQuery: () => z.strictObject({
    recipientId: z.string().regex(/^(P:[0-9a-f]{32}|[0-9A-HJ-NPQRTUWXY]{18}|\d{17}[\dXx])$/, { error: 'must be a credit code, an identity number or a person\'s keyed id' }).transform((v) => (v.startsWith('P:') ? v : v.toUpperCase())).optional(),
    limit: z.coerce.number().int().min(1).max(LIMITS.store.pageSizeMax).optional(),
    cursor: cursor().optional(),
  }),
});
