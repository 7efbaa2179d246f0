import type { ThreatProtectionConfig } from "./schema";

/**
 * Measures an XML text in one pass, without parsing it. A DOCTYPE is refused outright: entity
 * declarations are how expansion bombs ("billion laughs") and external entities (XXE) get in,
 * and API payloads have no use for them. Returns what is wrong, or undefined.
 */
export function scanXml(text: string, limits: ThreatProtectionConfig): string | undefined {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) return "XML with a DOCTYPE or entity declarations";
  const children: number[] = [];
  const tag =
    /<(\/?)([^\s/>!?]+)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>|<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g;
  let last = 0;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    if (m.index - last > limits.maxStringLength)
      return `a text is longer than ${limits.maxStringLength} characters`;
    last = tag.lastIndex;
    if (m[5] !== undefined) {
      if (m[5].length > limits.maxStringLength)
        return `a text is longer than ${limits.maxStringLength} characters`;
      continue;
    }
    if (m[2] === undefined) continue; // comment or processing instruction
    if (m[1] === "/") {
      children.pop();
      continue;
    }
    const depth = children.length;
    if (depth > 0) {
      const n = (children[depth - 1] as number) + 1;
      children[depth - 1] = n;
      if (n > limits.maxArrayLength) return `an element has more than ${limits.maxArrayLength} children`;
    }
    const attributes = m[3] ?? "";
    let count = 0;
    for (const a of attributes.matchAll(/=\s*("([^"]*)"|'([^']*)')/g)) {
      count++;
      if ((a[2] ?? a[3] ?? "").length > limits.maxStringLength)
        return `an attribute value is longer than ${limits.maxStringLength} characters`;
    }
    if (count > limits.maxKeys) return `an element has more than ${limits.maxKeys} attributes`;
    if (m[4] === "/") continue; // self-closing
    if (depth + 1 > limits.maxDepth) return `nesting is deeper than ${limits.maxDepth}`;
    children.push(0);
  }
  if (text.length - last > limits.maxStringLength)
    return `a text is longer than ${limits.maxStringLength} characters`;
  return undefined;
}
