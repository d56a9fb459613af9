/**
 * The bank's answers to a payment file, read with the same care as events: a file from outside is judged, never
 * trusted. Size first, then no DTD (XXE), then well-formedness, then what it says it is (the root Document's
 * namespace), then how many entries it holds, then the XSD of that type, and only then is anything read from it.
 * A file refused at any step is `{ ok: false, reason }`; nothing here throws on bad input.
 */
import type { XmlDocument } from 'libxml2-wasm';
import type { BankFile, BankFileType } from '../../domain/bank';
import { CAMT_ENTRIES_XPATH, camtEntries, camtHeader } from './bank-camt';
import { PAIN002_ENTRIES_XPATH, pain002Entries, pain002Header } from './bank-pain002';
import { messageTypeOfNamespace, namespaceOf, parseXml, schemaErrors, type MessageType } from './validate';
import { redactIdNumbers } from '../../domain/person';
import { LIMITS } from '../../limits';

export type { BankEntry, BankFile, BankFileType, Outcome } from '../../domain/bank';

/** A refusal names the limit it met (`limit`) when the file is refused for its size alone, not for what it says. */
export type BankFileResult = { ok: true; file: BankFile } | { ok: false; reason: string; limit?: { readonly what: 'bytes' | 'entries'; readonly found: number } };

/** A caller's tighter limits (the API's, which reconciles while its caller waits: LIMITS.payments). */
export interface ReadLimits {
  readonly bytesMax: number;
  readonly entriesMax: number;
}

const BANK_FILE_TYPES: readonly BankFileType[] = ['pain.002.001.11', 'camt.054.001.08', 'camt.053.001.08'];

function isBankFileType(type: MessageType | null): type is BankFileType {
  return type !== null && (BANK_FILE_TYPES as readonly string[]).includes(type);
}

function typeOf(doc: XmlDocument): { ok: true; type: BankFileType } | { ok: false; reason: string } {
  const root = doc.root;
  const type = messageTypeOfNamespace(root.namespaceUri);
  if (root.name === 'Document' && isBankFileType(type)) return { ok: true, type };
  const found = root.namespaceUri === '' ? root.name : `{${root.namespaceUri}}${root.name}`;
  return { ok: false, reason: `bank file root is ${found}, not a Document of ${BANK_FILE_TYPES.join(', ')}` };
}

function entryCount(doc: XmlDocument, type: BankFileType): number {
  const xpath = type === 'pain.002.001.11' ? PAIN002_ENTRIES_XPATH : CAMT_ENTRIES_XPATH;
  const count = doc.eval(xpath, { d: namespaceOf(type) });
  return typeof count === 'number' ? count : Number.NaN;
}

function read(doc: XmlDocument, type: BankFileType): BankFile {
  if (type === 'pain.002.001.11') return { type, ...pain002Header(doc.root), entries: pain002Entries(doc.root) };
  return { type, ...camtHeader(type, doc.root), entries: camtEntries(type, doc.root) };
}

async function judge(doc: XmlDocument, limits: ReadLimits): Promise<BankFileResult> {
  const typed = typeOf(doc);
  if (!typed.ok) return typed;
  const { type } = typed;
  const entries = entryCount(doc, type);
  if (!(entries <= limits.entriesMax)) {
    return { ok: false, limit: { what: 'entries', found: entries }, reason: `${type} has ${entries} entries; at most ${limits.entriesMax} are read from one file` };
  }
  const errors = await schemaErrors(doc, type);
  if (errors.length > 0) {
    // XSD messages quote the values they refuse: a reason never carries an identity number whole (ADR 009).
    return { ok: false, reason: redactIdNumbers(`does not validate against ${type}: ${errors.slice(0, LIMITS.bankFile.errorsInReason).join('; ')}`) };
  }
  return { ok: true, file: read(doc, type) };
}

/**
 * Reads a bank's answer: a pain.002.001.11 status report, a camt.054.001.08 notification or a camt.053.001.08
 * statement, told apart by the root Document's namespace. See bank-pain002.ts and bank-camt.ts for what each line
 * of each becomes.
 */
export async function readBankFile(xml: string, tighter: ReadLimits = LIMITS.bankFile): Promise<BankFileResult> {
  if (typeof xml !== 'string') return { ok: false, reason: 'a bank file must be text' };
  // A caller may only tighten the reader's own limits, never loosen them.
  const limits = { bytesMax: Math.min(tighter.bytesMax, LIMITS.bankFile.bytesMax), entriesMax: Math.min(tighter.entriesMax, LIMITS.bankFile.entriesMax) };
  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > limits.bytesMax) {
    const mib = limits.bytesMax % (1024 * 1024) === 0 ? `${limits.bytesMax / (1024 * 1024)} MiB` : `${Math.floor(limits.bytesMax / 1024)} KiB`;
    return { ok: false, limit: { what: 'bytes', found: bytes }, reason: `bank file is ${bytes} bytes; at most ${mib} (${limits.bytesMax} bytes) are read` };
  }
  const parsed = await parseXml(xml);
  if (!parsed.ok) return { ok: false, reason: `bank file refused: ${parsed.errors.slice(0, LIMITS.bankFile.errorsInReason).join('; ')}` };
  try {
    return await judge(parsed.doc, limits);
  } finally {
    parsed.doc.dispose();
  }
}
