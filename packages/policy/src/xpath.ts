import { PolicyError } from "./errors";
import type { SourceSite } from "./expression";
import { textContent, type XmlElement } from "./xml";

/**
 * A deliberately small XPath 1.0 subset for AttributeSelector paths over request `<Content>`:
 * absolute and relative location paths, `/` and `//`, `.` and `..`, name tests with namespace
 * prefixes, `*`, `@name`, `text()`, `node()`, and predicates that are a position (`[2]`), an
 * existence test (`[@id]`) or an equality with a literal (`[@id='a']`, `[name='x']`).
 * Anything else is refused when the policy loads, never half-evaluated.
 */
export type XPathNode =
  | XmlElement
  | { readonly kind: "attribute"; readonly value: string }
  | { readonly kind: "text"; readonly value: string };

type Axis = "child" | "descendant-or-self" | "self" | "parent" | "attribute";
interface Step {
  axis: Axis;
  test:
    | { kind: "name"; ns: string | undefined; local: string }
    | { kind: "any" }
    | { kind: "text" }
    | { kind: "node" };
  predicates: Predicate[];
}
type Predicate =
  | { kind: "position"; n: number }
  | { kind: "exists"; path: CompiledPath }
  | { kind: "equals"; path: CompiledPath; literal: string };
export interface CompiledPath {
  absolute: boolean;
  steps: Step[];
}

const DOCUMENT = Symbol("document");

export function compileXPath(
  path: string,
  namespaces: Readonly<Record<string, string>>,
  site?: SourceSite,
): CompiledPath {
  const fail = (why: string): never => {
    throw new PolicyError("XPATH_UNSUPPORTED", `unsupported XPath ${JSON.stringify(path)}: ${why}`, site);
  };
  let i = 0;
  const src = path.trim();

  const parsePath = (stopAt: string): CompiledPath => {
    const steps: Step[] = [];
    let absolute = false;
    if (src.startsWith("//", i)) {
      absolute = true;
      i += 2;
      steps.push({ axis: "descendant-or-self", test: { kind: "node" }, predicates: [] });
    } else if (src[i] === "/") {
      absolute = true;
      i += 1;
    }
    for (;;) {
      steps.push(parseStep());
      if (src.startsWith("//", i)) {
        i += 2;
        steps.push({ axis: "descendant-or-self", test: { kind: "node" }, predicates: [] });
      } else if (src[i] === "/") i += 1;
      else break;
    }
    if (i < src.length && !stopAt.includes(src[i] as string))
      fail(`unexpected ${JSON.stringify(src.slice(i))}`);
    return { absolute, steps };
  };

  const name = (): string => {
    const m = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?/.exec(src.slice(i));
    if (!m) return fail(`expected a name at ${JSON.stringify(src.slice(i))}`);
    i += m[0].length;
    return m[0];
  };

  const nameTest = (qname: string): Step["test"] => {
    const colon = qname.indexOf(":");
    if (colon < 0) return { kind: "name", ns: undefined, local: qname };
    const prefix = qname.slice(0, colon);
    const ns = namespaces[prefix];
    if (ns === undefined) fail(`namespace prefix ${prefix} is not declared`);
    return { kind: "name", ns, local: qname.slice(colon + 1) };
  };

  const parseStep = (): Step => {
    let step: Step;
    if (src.startsWith("..", i)) {
      i += 2;
      step = { axis: "parent", test: { kind: "node" }, predicates: [] };
    } else if (src[i] === ".") {
      i += 1;
      step = { axis: "self", test: { kind: "node" }, predicates: [] };
    } else if (src[i] === "@") {
      i += 1;
      const n = name();
      step = {
        axis: "attribute",
        test: n.includes(":") ? nameTest(n) : { kind: "name", ns: "", local: n },
        predicates: [],
      };
    } else if (src[i] === "*") {
      i += 1;
      step = { axis: "child", test: { kind: "any" }, predicates: [] };
    } else if (src.startsWith("text()", i)) {
      i += 6;
      step = { axis: "child", test: { kind: "text" }, predicates: [] };
    } else if (src.startsWith("node()", i)) {
      i += 6;
      step = { axis: "child", test: { kind: "node" }, predicates: [] };
    } else {
      step = { axis: "child", test: nameTest(name()), predicates: [] };
    }
    while (src[i] === "[") {
      i += 1;
      step.predicates.push(parsePredicate());
      if (src[i] !== "]") fail("expected ]");
      i += 1;
    }
    return step;
  };

  const parsePredicate = (): Predicate => {
    const num = /^\s*(\d+)\s*/.exec(src.slice(i));
    if (num && src[i + num[0].length] === "]") {
      i += num[0].length;
      return { kind: "position", n: Number(num[1]) };
    }
    const inner = parsePath("]=");
    const eq = /^\s*=\s*(?:'([^']*)'|"([^"]*)")\s*/.exec(src.slice(i));
    if (eq) {
      i += eq[0].length;
      return { kind: "equals", path: inner, literal: eq[1] ?? eq[2] ?? "" };
    }
    return { kind: "exists", path: inner };
  };

  if (src === "") fail("empty path");
  const compiled = parsePath("");
  if (i !== src.length) fail(`unexpected ${JSON.stringify(src.slice(i))}`);
  return compiled;
}

function elementMatches(e: XmlElement, test: Step["test"]): boolean {
  if (test.kind === "any" || test.kind === "node") return true;
  if (test.kind === "text") return false;
  return (
    e.name === test.local &&
    (test.ns === undefined ? e.ns === "" || !e.qname.includes(":") : e.ns === test.ns)
  );
}

type Context = XPathNode | typeof DOCUMENT;

function stepFrom(node: Context, step: Step, content: XmlElement): XPathNode[] {
  const out: XPathNode[] = [];
  const childrenOf = (n: Context): Array<XmlElement | string> =>
    n === DOCUMENT ? content.children : "kind" in n ? [] : n.nodes;
  switch (step.axis) {
    case "self":
      if (node !== DOCUMENT) out.push(node);
      break;
    case "parent":
      if (node !== DOCUMENT && !("kind" in node) && node.parent && node.parent !== content)
        out.push(node.parent);
      break;
    case "attribute":
      if (node !== DOCUMENT && !("kind" in node) && step.test.kind === "name") {
        const test = step.test;
        for (const a of node.attributes.values())
          if (a.name === test.local && a.ns === test.ns) out.push({ kind: "attribute", value: a.value });
      }
      break;
    case "descendant-or-self": {
      const visit = (n: Context) => {
        if (n !== DOCUMENT) out.push(n);
        for (const c of childrenOf(n)) if (typeof c !== "string") visit(c);
      };
      visit(node);
      break;
    }
    case "child":
      for (const c of childrenOf(node)) {
        if (typeof c === "string") {
          if (step.test.kind === "text" || step.test.kind === "node") out.push({ kind: "text", value: c });
        } else if (elementMatches(c, step.test)) out.push(c);
      }
      break;
  }
  return out;
}

export function stringValue(node: XPathNode): string {
  return "kind" in node ? node.value : textContent(node);
}

function applyPredicates(nodes: XPathNode[], predicates: Predicate[], content: XmlElement): XPathNode[] {
  let current = nodes;
  for (const p of predicates) {
    if (p.kind === "position")
      current = current.length >= p.n && p.n > 0 ? [current[p.n - 1] as XPathNode] : [];
    else if (p.kind === "exists")
      current = current.filter((n) => evaluateFrom(p.path, n, content).length > 0);
    else
      current = current.filter((n) =>
        evaluateFrom(p.path, n, content).some((r) => stringValue(r) === p.literal),
      );
  }
  return current;
}

function evaluateFrom(path: CompiledPath, start: Context, content: XmlElement): XPathNode[] {
  let nodes: Context[] = [path.absolute ? DOCUMENT : start];
  for (const step of path.steps) {
    const next: XPathNode[] = [];
    for (const n of nodes) {
      for (const r of applyPredicates(stepFrom(n, step, content), step.predicates, content))
        if (!next.includes(r)) next.push(r);
    }
    nodes = next;
  }
  return nodes.filter((n): n is XPathNode => n !== DOCUMENT);
}

/** Evaluates a path with `<Content>` as the context node; "/" is the document its child roots. */
export function evaluateXPath(path: CompiledPath, content: XmlElement): XPathNode[] {
  return evaluateFrom(path, path.absolute ? DOCUMENT : content, content);
}
