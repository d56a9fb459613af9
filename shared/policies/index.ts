/**
 * The catalog in force: every policy module, with each jurisdiction's coverage as data (CONTRACT §6). A deployment may
 * switch rules off (`catalogWithRulesOff`): configuration, not policy.
 */
import type { Catalog, Coverage } from '../domain/catalog';
import { validateCatalog } from '../domain/catalog-validation';
import { fujian2021 } from './fujian-2021';
import { hebei2016 } from './hebei-2016';
import { hebei2022 } from './hebei-2022';
import { shijiazhuang2023 } from './shijiazhuang-2023';

/**
 * Who each fund covers. Hebei's documents address 各市(含定州、辛集市): Xinji (130181) and Dingzhou (130682) are
 * administered directly by the province (省直管县级市), so Shijiazhuang's plan, a city's, does not reach Xinji, whose
 * code lies under 1301; Dingzhou's code lies under Baoding (1306), outside Shijiazhuang already.
 */
export const COVERAGE: readonly Coverage[] = [
  { jurisdiction: '130000', prefixes: ['13'], except: [], basis: '河北省：全省，含省直管的定州市、辛集市（省政府文件称“各市(含定州、辛集市)”）' },
  { jurisdiction: '130100', prefixes: ['1301'], except: ['130181'], basis: '石家庄市：市辖区、县（市），不含省直管的辛集市（130181）' },
  { jurisdiction: '350000', prefixes: ['35'], except: [], basis: '福建省：全省' },
];

/**
 * The catalog is code: it is validated where the code is built and run from, not at every cold start (it cost the
 * api's a tenth of its init, issue 24): before any function is bundled (infra/bundle.ts, so `cdk synth`, a deployment
 * and the bench stop on an invalid catalog), when `npm start` starts the local stack, in `awards explain`, and in
 * test/unit/catalog.test.ts. A catalog with rules switched off, the part a deployment configures, is validated when it
 * is made (`catalogWithRulesOff`).
 */
export const CATALOG: Catalog = {
  policies: [hebei2016, fujian2021, hebei2022, shijiazhuang2023],
  coverage: COVERAGE,
};

/** The catalog in force, validated (CatalogError naming what is wrong): for the builds and the local stack. */
export const validatedCatalog = (): Catalog => validateCatalog(CATALOG);

/**
 * The catalog as a deployment pays it: the rules it names switched off (ADR 002: where the provincial S&T plan pays
 * its grants itself, (八) is not paid again through the pipeline). An id that is no rule is refused at load.
 */
export function catalogWithRulesOff(rulesOff: readonly string[]): Catalog {
  return rulesOff.length === 0 ? CATALOG : validateCatalog({ ...CATALOG, rulesOff: [...new Set(rulesOff)].sort() });
}

/** `AWARDS_RULES_OFF` (rule ids, comma separated): the stack's `rulesOff` configuration, and the same on this machine. */
export function rulesOffFrom(text: string | undefined): string[] {
  return (text ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}
