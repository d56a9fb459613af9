/** The catalog in force: every policy module, validated once on load. */
import type { Catalog } from '../domain/catalog';
import { validateCatalog } from '../domain/catalog-validation';
import { fujian2021 } from './fujian-2021';
import { hebei2016 } from './hebei-2016';
import { hebei2022 } from './hebei-2022';
import { shijiazhuang2023 } from './shijiazhuang-2023';

export const CATALOG: Catalog = validateCatalog({
  policies: [hebei2016, fujian2021, hebei2022, shijiazhuang2023],
});
