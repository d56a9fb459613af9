/**
 * Fragments every message of this module writes the same way: a bank identified by its CNAPS code, an account by
 * its domestic number, an amount in CNY from integer fen. One definition each, so pain.001 and the bank's answers
 * can never disagree on how an agent or an amount looks.
 */
import { fenToDecimal } from './money';
import { el, leaf, type XmlNode } from './xml';

/** ISO's ExternalClearingSystemIdentification1Code for China's National Advanced Payment System. */
export const CNAPS = 'CNAPS';
export const CURRENCY = 'CNY';

/** A bank (agent) by its 12-digit CNAPS bank code, with its name for people reading the file. */
export function agent(tag: string, bankCode: string, bankName: string): XmlNode {
  return el(tag, el('FinInstnId',
    el('ClrSysMmbId', el('ClrSysId', leaf('Cd', CNAPS)), leaf('MmbId', bankCode)),
    leaf('Nm', bankName),
  ));
}

/** A domestic account: Chinese account numbers are not IBANs, so they go in `Othr/Id`. */
export function account(tag: string, accountNumber: string, withCurrency = false): XmlNode {
  return el(tag, el('Id', el('Othr', leaf('Id', accountNumber))), withCurrency && leaf('Ccy', CURRENCY));
}

/** A party known by name only (`<Dbtr><Nm>河北省财政厅国库</Nm></Dbtr>`). */
export function party(tag: string, name: string): XmlNode {
  return el(tag, leaf('Nm', name));
}

/** An amount in yuan with `Ccy="CNY"`, written from integer fen. */
export function amount(tag: string, amountFen: number): XmlNode {
  return leaf(tag, fenToDecimal(amountFen), { Ccy: CURRENCY });
}
