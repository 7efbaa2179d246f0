import { DOMParser } from "@xmldom/xmldom";
import { EnterpriseAuthError } from "../errors.ts";

/** Parses XML text that already passed the DTD check; any parser complaint is fatal. */
export function parseAssertionXml(xml: string): Document {
  const complain = (message: string) => {
    throw new EnterpriseAuthError("saml_malformed", "The assertion is not well-formed XML.", {
      cause: new Error(message),
    });
  };
  const parser = new DOMParser({
    errorHandler: { warning: complain, error: complain, fatalError: complain },
  });
  let document: Document;
  try {
    document = parser.parseFromString(xml, "text/xml") as unknown as Document;
  } catch (error) {
    if (error instanceof EnterpriseAuthError) throw error;
    throw new EnterpriseAuthError("saml_malformed", "The assertion is not well-formed XML.", {
      cause: error,
    });
  }
  if (!document?.documentElement) {
    throw new EnterpriseAuthError("saml_malformed", "The assertion is not well-formed XML.");
  }
  return document;
}

export function childElements(parent: Element, namespace: string, localName: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1) {
      const element = node as Element;
      if (element.namespaceURI === namespace && element.localName === localName) found.push(element);
    }
  }
  return found;
}

export function firstChildElement(parent: Element): Element | null {
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1) return node as Element;
  }
  return null;
}

/** Every element of the document, depth first, without recursion (depth is attacker-chosen). */
export function allElements(document: Document): Element[] {
  const result: Element[] = [];
  const stack: Element[] = [document.documentElement];
  while (stack.length > 0) {
    const element = stack.pop() as Element;
    result.push(element);
    for (let node = element.lastChild; node; node = node.previousSibling) {
      if (node.nodeType === 1) stack.push(node as Element);
    }
  }
  return result;
}
