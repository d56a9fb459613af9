/**
 * A tiny XML writer for ISO 20022 messages. Messages are built as a tree of plain nodes and rendered in one place,
 * so every text and attribute value goes through the same escaping and character check: names are Chinese and
 * come from people, and one unescaped `&` would make a whole payment file unreadable to the bank.
 */
import assert from 'node:assert/strict';

export interface XmlNode {
  readonly tag: string;
  readonly attrs?: Readonly<Record<string, string>>;
  /** Either text (a leaf) or children; absent children (null, undefined, false) are left out. */
  readonly text?: string;
  readonly children?: readonly (XmlNode | null | undefined | false)[];
}

/** An element with children. Optional parts are written `cond && el(...)` and dropped when false. */
export function el(tag: string, ...children: (XmlNode | null | undefined | false)[]): XmlNode {
  return { tag, children };
}

/** An element holding text, with optional attributes (`<InstdAmt Ccy="CNY">1.00</InstdAmt>`). */
export function leaf(tag: string, text: string, attrs?: Readonly<Record<string, string>>): XmlNode {
  return attrs === undefined ? { tag, text } : { tag, text, attrs };
}

/** Characters XML 1.0 cannot carry at all, escaped or not (C0 controls but tab, LF, CR; U+FFFE, U+FFFF). */
// eslint-disable-next-line no-control-regex
const NOT_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Asserts that `text` can be written in XML 1.0: well-formed UTF-16 (no lone surrogate) and no forbidden character. */
/** Whether XML can carry the text as it is (well-formed UTF-16, no character outside XML's Char production). */
export function isXmlText(text: string): boolean {
  return text.isWellFormed() && !NOT_XML_CHARS.test(text);
}

export function assertXmlText(text: string, what: string): void {
  assert.ok(typeof text === 'string', `${what} must be a string`);
  assert.ok(text.isWellFormed() && !NOT_XML_CHARS.test(text), `${what} holds a character XML cannot carry`);
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&apos;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;',
};

/**
 * Escapes the five XML special characters, and CR, which a parser would otherwise turn into LF; asserts the text
 * has nothing XML cannot carry. What is written is what the bank reads, character for character.
 */
export function escapeXml(text: string): string {
  assertXmlText(text, 'XML text');
  return text.replace(/[&<>"'\r]/g, (c) => ESCAPES[c] ?? c);
}

/** In an attribute a parser also turns LF and tab into spaces, so they are escaped too. */
function escapeAttr(text: string): string {
  return escapeXml(text).replace(/[\n\t]/g, (c) => ESCAPES[c] ?? c);
}

function renderAttrs(attrs: Readonly<Record<string, string>> | undefined): string {
  if (attrs === undefined) return '';
  return Object.entries(attrs).map(([name, value]) => ` ${name}="${escapeAttr(value)}"`).join('');
}

function render(node: XmlNode, depth: number, out: string[]): void {
  const pad = '  '.repeat(depth);
  const open = `${node.tag}${renderAttrs(node.attrs)}`;
  if (node.text !== undefined) {
    out.push(`${pad}<${open}>${escapeXml(node.text)}</${node.tag}>`);
    return;
  }
  const children = (node.children ?? []).filter((c): c is XmlNode => Boolean(c));
  assert.ok(children.length > 0, `<${node.tag}> has neither text nor children`);
  out.push(`${pad}<${open}>`);
  for (const child of children) render(child, depth + 1, out);
  out.push(`${pad}</${node.tag}>`);
}

/** A whole ISO 20022 document: XML declaration, `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:...">`, LF endings. */
export function renderDocument(namespace: string, message: XmlNode): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  render({ tag: 'Document', attrs: { xmlns: namespace }, children: [message] }, 0, out);
  return `${out.join('\n')}\n`;
}

/** China has kept one offset (+08:00, no summer time) since 1991, so Beijing time is a fixed shift of UTC. */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

function beijingIso(at: Date): string {
  assert.ok(at instanceof Date && !Number.isNaN(at.getTime()), 'a valid Date is required');
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString();
}

/** ISODateTime in Beijing time to the second, as Chinese banks read it: `2026-05-01T09:30:00+08:00`. */
export function isoDateTimeBeijing(at: Date): string {
  return `${beijingIso(at).slice(0, 19)}+08:00`;
}

/** Cuts text to at most `max` characters (code points, as the XSD counts them), never splitting a surrogate pair. */
export function cutText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max).join('');
}

/** Length in characters as the XSD counts them (code points), not UTF-16 units. */
export function charLength(text: string): number {
  return Array.from(text).length;
}
