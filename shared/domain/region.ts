/**
 * Administrative division codes (GB/T 2260). A province code ends in 0000, a prefecture-level city code in 00.
 * A jurisdiction covers a recipient whose region code starts with the jurisdiction's significant prefix:
 * 130000 covers 13xxxx, 130100 covers 1301xx, a county code covers only itself.
 */
export const REGION_CODE = /^\d{6}$/;

export function jurisdictionPrefix(jurisdiction: string): string {
  if (!REGION_CODE.test(jurisdiction))
    throw new RangeError(`'${jurisdiction}' is not a 6-digit division code`);
  if (jurisdiction.endsWith('0000')) return jurisdiction.slice(0, 2);
  if (jurisdiction.endsWith('00')) return jurisdiction.slice(0, 4);
  return jurisdiction;
}

export function jurisdictionCovers(jurisdiction: string, regionCode: string): boolean {
  return REGION_CODE.test(regionCode) && regionCode.startsWith(jurisdictionPrefix(jurisdiction));
}

/** Names of the jurisdictions the catalog knows, for people; unknown codes print as themselves. */
export const JURISDICTION_NAMES: Readonly<Record<string, string>> = {
  130000: 'Hebei Province 河北省',
  130100: 'Shijiazhuang City 石家庄市',
  350000: 'Fujian Province 福建省',
};
