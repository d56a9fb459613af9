/** The console's words for the whatif page(s), Chinese and English (merged into the tables by i18n.ts). */
export const ZH = {
  'nav.whatif': '政策测算',
} as const;

export const EN: Record<keyof typeof ZH, string> = {
  'nav.whatif': 'What-if',
};
