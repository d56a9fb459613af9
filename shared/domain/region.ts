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

/**
 * Names of the divisions the reports group by (GB/T 2260): the prefecture-level cities of Hebei and Fujian, and the
 * districts, counties and county-level cities of Shijiazhuang. A code not named here is shown under its city's name
 * (the first four digits and 00), or as itself.
 */
export const REGION_NAMES: Readonly<Record<string, string>> = {
  130000: '河北省', 130100: '石家庄市', 130200: '唐山市', 130300: '秦皇岛市', 130400: '邯郸市', 130500: '邢台市', 130600: '保定市',
  130700: '张家口市', 130800: '承德市', 130900: '沧州市', 131000: '廊坊市', 131100: '衡水市',
  130102: '长安区', 130104: '桥西区', 130105: '新华区', 130107: '井陉矿区', 130108: '裕华区', 130109: '藁城区', 130110: '鹿泉区',
  130111: '栾城区', 130121: '井陉县', 130123: '正定县', 130125: '行唐县', 130126: '灵寿县', 130127: '高邑县', 130128: '深泽县',
  130129: '赞皇县', 130130: '无极县', 130131: '平山县', 130132: '元氏县', 130133: '赵县', 130181: '辛集市', 130183: '晋州市', 130184: '新乐市',
  130682: '定州市',
  350000: '福建省', 350100: '福州市', 350200: '厦门市', 350300: '莆田市', 350400: '三明市', 350500: '泉州市', 350600: '漳州市',
  350700: '南平市', 350800: '龙岩市', 350900: '宁德市',
};

/** A division's name as a report shows it: its own, or its city's with the code, or the code alone. */
export function regionName(code: string): string {
  const own = REGION_NAMES[code];
  if (own !== undefined) return own;
  const city = REGION_NAMES[`${code.slice(0, 4)}00`];
  return city === undefined ? code : `${city}（${code}）`;
}
