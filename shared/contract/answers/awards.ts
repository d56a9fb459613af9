/** The answers of the awards routes (CONTRACT §3). PLACEHOLDERS: each is declared in this change (issue 23). */
import * as z from 'zod';

export const award = () => z.unknown();
export const awardDetail = () => z.unknown();
export const awardsPage = () => z.unknown();
export const budget = () => z.unknown();
export const decidedAward = () => z.unknown();
export const ledgerPage = () => z.unknown();
