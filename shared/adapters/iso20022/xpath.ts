/**
 * Reading a parsed ISO 20022 document with XPath. Every element of a message is in the message's namespace, bound
 * here to the prefix `d`, so paths read `d:GrpHdr/d:MsgId`. Absent elements are null, never an exception: what is
 * required has already been checked by the XSD.
 */
import type { XmlNode } from 'libxml2-wasm';

export interface Reader {
  /** The first node at `path` under `node`, or null. */
  one(node: XmlNode, path: string): XmlNode | null;
  /** All nodes at `path` under `node`, in document order. */
  all(node: XmlNode, path: string): XmlNode[];
  /** The text of the first node at `path` (an element or an `@attribute`), trimmed, or null when absent. */
  text(node: XmlNode, path: string): string | null;
  /** The text as written, untrimmed: for names and free text, where spaces are the sender's. */
  raw(node: XmlNode, path: string): string | null;
}

export function readerFor(namespace: string): Reader {
  const namespaces = { d: namespace };
  const one = (node: XmlNode, path: string): XmlNode | null => node.get(path, namespaces);
  return {
    one,
    all: (node, path) => node.find(path, namespaces),
    text: (node, path) => one(node, path)?.content.trim() ?? null,
    raw: (node, path) => one(node, path)?.content ?? null,
  };
}
