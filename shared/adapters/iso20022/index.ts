/**
 * ISO 20022 files of real disbursement: the pain.001 a treasury sends its bank, the bank's answers (pain.002,
 * camt.054, camt.053), their XSD validation, and the local stack's simulated bank. Import from here.
 */
export { decimalToFen, fenToDecimal } from './money';
export { writePain001, type Account, type BatchPayment, type PaymentBatchFile } from './pain001';
export { readPain001 } from './pain001-read';
export { validateXml, MESSAGE_TYPES, namespaceOf, type MessageType } from './validate';
export { readBankFile, type BankEntry, type BankFile, type BankFileResult, type BankFileType, type Outcome } from './bank-files';
export { simulateBank, CLOSED_ACCOUNT_REASON, CLOSED_ACCOUNT_SUFFIX } from './simulated-bank';
