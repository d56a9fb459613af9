/** The console's words for the digests page(s), Chinese and English (merged into the tables by i18n.ts). */
export const ZH = {
  'nav.digests': '签名摘要',
} as const;

export const EN: Record<keyof typeof ZH, string> = {
  'nav.digests': 'Signed digests',
};
