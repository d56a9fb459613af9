/**
 * A draft catalog, as a what-if receives it: the shape GET /policies answers (`{ policies: [...] }`, or the array of
 * policies alone), read with zod at the boundary and then checked exactly as the catalog in force is checked on load
 * (shared/domain/catalog-validation.ts). A draft that does not validate is refused with the catalog's own reason.
 */
import * as z from 'zod';
import { type Catalog, CatalogError } from '../domain/catalog';
import { validateCatalog } from '../domain/catalog-validation';
import { FACT_DETAIL_TYPES } from '../domain/vocabulary';
import { lazy } from '../lazy';

const text = (max = 2_000) => z.string().max(max);
const fen = () => z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const date = () => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date YYYY-MM-DD' });

const schema = lazy(() => {
  const path = text(100);
  const amount = z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('fixed'), amountFen: fen() }),
    z.strictObject({ kind: z.literal('tiered'), path, tiersFen: z.record(text(100), fen()) }),
    z.strictObject({ kind: z.literal('percentage'), path, basisPoints: z.number().int(), capFen: fen() }),
    z.strictObject({ kind: z.literal('granted'), path, capFen: fen() }),
    z.strictObject({ kind: z.literal('per-regulation') }),
  ]);
  const rule = z.strictObject({
    id: text(200),
    clause: text(200),
    citation: text(),
    summary: text(),
    detailType: z.enum(FACT_DETAIL_TYPES as [string, ...string[]]),
    when: z.array(z.strictObject({ path, oneOf: z.array(z.union([text(200), z.number()])).max(100) })).max(20),
    amount,
    reading: text().optional(),
    stacksWith: z.array(z.strictObject({ ruleId: text(200), sentence: text() })).max(20).optional(),
    oneLeadPerProject: z.boolean().optional(),
    oncePerFact: z.boolean().optional(),
  });
  const version = z.strictObject({
    version: z.number().int().min(1),
    effectiveFrom: date(),
    effectiveTo: date().nullable(),
    rules: z.array(rule).max(200),
  });
  const policy = z.strictObject({
    id: text(100),
    title: text(500),
    titleEn: text(500),
    issuer: text(500),
    documentNumber: text(200).nullable(),
    jurisdiction: text(20),
    seed: text(200),
    versions: z.array(version).max(50),
  });
  const policies = z.array(policy).max(100);
  const entry = z.strictObject({ jurisdiction: text(20), prefixes: z.array(text(6)).max(20), except: z.array(text(6)).max(50), basis: text() });
  const coverage = z.array(entry).max(50);
  // The shape GET /policies answers: policies, each jurisdiction's coverage, and the rules this deployment has off.
  return { policies, catalog: z.strictObject({ policies, coverage: coverage.optional(), rulesOff: z.array(text(200)).max(200).optional() }) };
});

export type DraftCatalog = { readonly ok: true; readonly catalog: Catalog } | { readonly ok: false; readonly reason: string };

/** A draft read and validated: the catalog, or the reason (the shape's, or the catalog check's, word for word). */
export function parseDraftCatalog(raw: unknown): DraftCatalog {
  // The shape is chosen before parsing, so a reason names the field that is wrong rather than "no shape matched".
  const parsed = Array.isArray(raw) ? schema().policies.safeParse(raw) : schema().catalog.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${['catalog', ...i.path.map(String)].join('.')}: ${i.message}`);
    return { ok: false, reason: `the draft catalog is not a catalog: ${issues.join('; ')}` };
  }
  const catalog = (Array.isArray(parsed.data) ? { policies: parsed.data } : parsed.data) as Catalog;
  try {
    return { ok: true, catalog: validateCatalog(catalog) };
  } catch (error) {
    if (error instanceof CatalogError) return { ok: false, reason: error.message };
    throw error;
  }
}
