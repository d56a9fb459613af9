/**
 * XSD validation of ISO 20022 messages, offline: libxml2 compiled to WebAssembly (libxml2-wasm), against the ISO
 * schemas kept beside this file in xsd/. Nothing is fetched at run time and no system tool is called.
 *
 * libxml2-wasm is loaded on the first parse or validation, not when this module loads (ADR 022): instantiating its
 * wasm takes ~40 ms and its code is most of a bundle's size, and most of the API's routes never read XML. The
 * functions are bundled with code splitting (infra/bundle.ts), so the `import()` below is a chunk of its own shipped
 * beside the bundle. Bundled into one file instead, esbuild inlines the import() of a module with top-level await and
 * an inner import cycle (libxml2-wasm) and it breaks: once "unsettled top-level await", with esbuild 0.28 exports read
 * as undefined. test/unit/iso20022-bundle.test.ts runs the functions' own build.
 * Each schema is compiled once per process, on first use, and kept (tens of milliseconds; validating, far less).
 */
import { readFile } from 'node:fs/promises';
import type { XmlDocument, XsdValidator } from 'libxml2-wasm';
import type * as Libxml2Module from './libxml2';
import { LIMITS } from '../../limits';

type Libxml2 = typeof Libxml2Module;

let loading: Promise<Libxml2> | undefined;

/** libxml2-wasm, loaded once per process on first use; a failed load is not kept, so a later call tries again. */
export function libxml2(): Promise<Libxml2> {
  if (loading === undefined) {
    const load = import('./libxml2');
    load.catch(() => {
      loading = undefined;
    });
    loading = load;
  }
  return loading;
}

export type MessageType = 'pain.001.001.09' | 'pain.002.001.11' | 'camt.053.001.08' | 'camt.054.001.08';

export const MESSAGE_TYPES: readonly MessageType[] = ['pain.001.001.09', 'pain.002.001.11', 'camt.053.001.08', 'camt.054.001.08'];

const NAMESPACE_PREFIX = 'urn:iso:std:iso:20022:tech:xsd:';

/** The namespace of a message's root `Document`, which is how a file says what it is. */
export function namespaceOf(type: MessageType): string {
  return `${NAMESPACE_PREFIX}${type}`;
}

export function messageTypeOfNamespace(namespace: string): MessageType | null {
  return MESSAGE_TYPES.find((type) => namespaceOf(type) === namespace) ?? null;
}

/** The copies of the ISO schemas, found beside this module (a bundle must ship the xsd/ folder with it). */
export function xsdUrl(type: MessageType): URL {
  return new URL(`./xsd/${type}.xsd`, import.meta.url);
}

const validators = new Map<MessageType, Promise<XsdValidator>>();

async function readSchema(type: MessageType): Promise<Buffer> {
  try {
    return await readFile(xsdUrl(type));
  } catch (error) {
    throw new Error(`the ${type} schema is not at ${xsdUrl(type).href}: a bundle must ship shared/adapters/iso20022/xsd/ beside it`, { cause: error });
  }
}

async function compile(type: MessageType): Promise<XsdValidator> {
  const { XmlDocument, XsdValidator } = await libxml2();
  const schema = XmlDocument.fromBuffer(await readSchema(type), { url: xsdUrl(type).href });
  try {
    return XsdValidator.fromDoc(schema);
  } finally {
    schema.dispose();
  }
}

function validatorFor(type: MessageType): Promise<XsdValidator> {
  let validator = validators.get(type);
  if (validator === undefined) {
    validator = compile(type);
    // A failed compile is not kept, so a later call tries again rather than failing forever.
    validator.catch(() => validators.delete(type));
    validators.set(type, validator);
  }
  return validator;
}

interface Detail { readonly message: string; readonly line?: number }

/** A message cut to the bank-text limit: libxml2 quotes a refused value whole, and one attribute can be 600 KB (review 2026-12-07-a, B1). */
const cut = (message: string) => (message.length > LIMITS.payments.bankTextCharsMax ? `${message.slice(0, LIMITS.payments.bankTextCharsMax)}…` : message);

/** libxml2's messages name elements `{urn:iso:...:pain.002.001.11}MsgId`; the namespace is noise once the type is known. */
function describeErrors(details: readonly Detail[] | undefined, fallback: string): string[] {
  const lines = (details ?? []).map((d) => {
    const message = cut(d.message.replaceAll(/\{urn:iso:std:iso:20022:tech:xsd:[^}]*\}/g, '').trim());
    return d.line !== undefined && d.line > 0 ? `line ${d.line}: ${message}` : message;
  });
  if (lines.length === 0) return [cut(fallback)];
  if (lines.length <= LIMITS.iso20022.xsdErrorsListedMax) return lines;
  return [...lines.slice(0, LIMITS.iso20022.xsdErrorsListedMax), `… and ${lines.length - LIMITS.iso20022.xsdErrorsListedMax} more`];
}

function detailsOf(error: unknown): readonly Detail[] | undefined {
  return typeof error === 'object' && error !== null && 'details' in error ? (error.details as Detail[]) : undefined;
}

export const DOCTYPE_REFUSED = 'a <!DOCTYPE is refused: ISO 20022 messages have no DTD, and DTDs carry entities (XXE)';

/**
 * Parses XML with libxml2, refusing any DTD: ISO 20022 messages never have one, and a DTD is how external and
 * expanding entities get in. Entities are never substituted and nothing is loaded from the network or disk.
 * The caller owns the document and must dispose() it.
 */
export async function parseXml(xml: string): Promise<{ ok: true; doc: XmlDocument } | { ok: false; errors: string[] }> {
  if (typeof xml !== 'string') return { ok: false, errors: ['the XML must be a string'] };
  if (/<!DOCTYPE/i.test(xml)) return { ok: false, errors: [DOCTYPE_REFUSED] };
  const { ParseOption, XmlDocument } = await libxml2();
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromString(xml, { option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE });
  } catch (error) {
    return { ok: false, errors: describeErrors(detailsOf(error), String(error)).map((e) => `not well-formed XML: ${e}`) };
  }
  if (doc.dtd !== null) {
    doc.dispose();
    return { ok: false, errors: [DOCTYPE_REFUSED] };
  }
  return { ok: true, doc };
}

/** The XSD errors of a parsed document against `type`'s schema; empty when it is valid. */
export async function schemaErrors(doc: XmlDocument, type: MessageType): Promise<string[]> {
  const validator = await validatorFor(type);
  try {
    validator.validate(doc);
    return [];
  } catch (error) {
    return describeErrors(detailsOf(error), String(error));
  }
}

/**
 * Validates an XML text against the ISO 20022 XSD of `type`. Invalid XML, a DOCTYPE, a root in another namespace
 * or any XSD violation gives `{ ok: false, errors }` with libxml2's messages (line numbers, element names).
 */
export async function validateXml(xml: string, type: MessageType): Promise<{ ok: true } | { ok: false; errors: string[] }> {
  const parsed = await parseXml(xml);
  if (!parsed.ok) return parsed;
  try {
    const errors = await schemaErrors(parsed.doc, type);
    return errors.length === 0 ? { ok: true } : { ok: false, errors };
  } finally {
    parsed.doc.dispose();
  }
}
