/** The console's words for the evidence page(s), Chinese and English (merged into the tables by i18n.ts). */
export const ZH = {
  'nav.evidence': '证据包',
} as const;

export const EN: Record<keyof typeof ZH, string> = {
  'nav.evidence': 'Evidence pack',
};
