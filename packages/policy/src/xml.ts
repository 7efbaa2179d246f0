import { SaxesParser } from "saxes";
import { PolicyError } from "./errors";

/**
 * A small, read-only element tree. Policies, requests and request `<Content>` all go through it;
 * the compiler reads it once and keeps nothing of it except request content used by selectors.
 */
export interface XmlElement {
  /** Namespace URI ("" when none). */
  readonly ns: string;
  /** Local name. */
  readonly name: string;
  /** Qualified name as written, for error messages and re-serialisation. */
  readonly qname: string;
  /** Attributes by qualified name, as written. */
  readonly attributes: ReadonlyMap<string, XmlAttribute>;
  readonly children: XmlElement[];
  /** Mixed content in document order: text and elements. */
  readonly nodes: Array<XmlElement | string>;
  /** Namespace prefixes in scope at this element, for XPath in attribute selectors. */
  readonly namespaces: Readonly<Record<string, string>>;
  readonly parent: XmlElement | undefined;
  readonly line: number;
  readonly column: number;
}

export interface XmlAttribute {
  readonly ns: string;
  readonly name: string;
  readonly value: string;
}

export interface XmlLimits {
  /** Largest accepted document, in UTF-16 code units (characters). */
  maxLength: number;
  /** Deepest accepted element nesting. */
  maxDepth: number;
}

/** Defaults chosen so real policies fit comfortably while a hostile document cannot pin a core. */
export const DEFAULT_XML_LIMITS: XmlLimits = { maxLength: 4 * 1024 * 1024, maxDepth: 64 };

interface MutableElement extends XmlElement {
  children: XmlElement[];
  nodes: Array<XmlElement | string>;
}

/**
 * Parses a document. A DOCTYPE is refused outright: XACML never needs one, and refusing it closes
 * entity expansion ("billion laughs") and external entity (XXE) attacks before they start.
 * Only the five predefined entities and character references are understood.
 */
export function parseXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  if (text.length > limits.maxLength) {
    throw new PolicyError(
      "XML_TOO_LARGE",
      `XML document is ${text.length} characters, over the limit of ${limits.maxLength}`,
    );
  }
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: MutableElement[] = [];
  let root: MutableElement | undefined;
  let failure: PolicyError | undefined;

  const fail = (error: PolicyError): never => {
    failure ??= error;
    throw error;
  };

  parser.on("doctype", () => {
    fail(
      new PolicyError(
        "XML_DOCTYPE_FORBIDDEN",
        "DOCTYPE declarations are not accepted (entity expansion and external entities are refused)",
        { line: parser.line },
      ),
    );
  });
  parser.on("opentag", (tag) => {
    if (stack.length >= limits.maxDepth) {
      fail(
        new PolicyError("XML_TOO_DEEP", `XML nesting deeper than ${limits.maxDepth} levels`, {
          element: tag.name,
          line: parser.line,
        }),
      );
    }
    const attributes = new Map<string, XmlAttribute>();
    for (const [qname, attr] of Object.entries(tag.attributes)) {
      if (attr.prefix === "xmlns" || qname === "xmlns") continue;
      attributes.set(qname, { ns: attr.uri, name: attr.local, value: attr.value });
    }
    const parent = stack[stack.length - 1];
    const element: MutableElement = {
      ns: tag.uri,
      name: tag.local,
      qname: tag.name,
      attributes,
      children: [],
      nodes: [],
      namespaces: { ...(parent?.namespaces ?? {}), ...tag.ns },
      parent,
      line: parser.line,
      column: parser.column,
    };
    if (parent) {
      parent.children.push(element);
      parent.nodes.push(element);
    } else {
      root = element;
    }
    stack.push(element);
  });
  parser.on("closetag", () => {
    stack.pop();
  });
  const onText = (data: string) => {
    const current = stack[stack.length - 1];
    if (current) current.nodes.push(data);
  };
  parser.on("text", onText);
  parser.on("cdata", onText);

  try {
    parser.write(text).close();
  } catch (error) {
    if (failure) throw failure;
    const message = error instanceof Error ? error.message : String(error);
    throw new PolicyError(
      "XML_MALFORMED",
      `malformed XML: ${message}`,
      { line: parser.line },
      { cause: error },
    );
  }
  if (!root) throw new PolicyError("XML_MALFORMED", "XML document has no root element");
  return root;
}

/** Concatenated text content of the element and its descendants. */
export function textContent(element: XmlElement): string {
  let out = "";
  for (const node of element.nodes) out += typeof node === "string" ? node : textContent(node);
  return out;
}

/** The value of an unqualified attribute. */
export function attr(element: XmlElement, name: string): string | undefined {
  return element.attributes.get(name)?.value;
}

export function escapeXmlText(value: string): string {
  return value.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

export function escapeXmlAttribute(value: string): string {
  return value.replace(/[&<>"]/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;",
  );
}
