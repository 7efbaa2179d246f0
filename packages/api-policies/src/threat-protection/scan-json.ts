import type { ThreatProtectionConfig } from "./schema";

/**
 * Measures a JSON text in one pass over its characters, without parsing it: so a hostile body
 * (nested a million deep, a million keys) is refused before anything is built from it. Returns
 * what is over a limit, or undefined. Syntax is not checked here (the backend or request
 * validation does that); brackets inside strings are skipped.
 */
export function scanJson(text: string, limits: ThreatProtectionConfig): string | undefined {
  // per open container: its item count, and whether it is an object
  const counts: number[] = [];
  const objects: boolean[] = [];
  let stringStart = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (stringStart >= 0) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) {
        if (i - stringStart - 1 > limits.maxStringLength)
          return `a string is longer than ${limits.maxStringLength} characters`;
        stringStart = -1;
      }
      continue;
    }
    if (c === 0x22) {
      stringStart = i;
      const depth = counts.length;
      // the first value of a container counts as one item
      if (depth > 0 && counts[depth - 1] === 0) counts[depth - 1] = 1;
    } else if (c === 0x7b || c === 0x5b) {
      const depth = counts.length;
      if (depth > 0 && counts[depth - 1] === 0) counts[depth - 1] = 1;
      if (depth + 1 > limits.maxDepth) return `nesting is deeper than ${limits.maxDepth}`;
      counts.push(0);
      objects.push(c === 0x7b);
    } else if (c === 0x7d || c === 0x5d) {
      counts.pop();
      objects.pop();
    } else if (c === 0x2c) {
      const depth = counts.length;
      if (depth === 0) continue;
      const n = (counts[depth - 1] as number) + 1;
      counts[depth - 1] = n;
      if (objects[depth - 1] ? n > limits.maxKeys : n > limits.maxArrayLength)
        return objects[depth - 1]
          ? `an object has more than ${limits.maxKeys} members`
          : `an array has more than ${limits.maxArrayLength} items`;
    } else if (c > 0x20 && counts.length > 0 && counts[counts.length - 1] === 0) {
      counts[counts.length - 1] = 1; // a number, true, false or null as the first item
    }
  }
  if (stringStart >= 0 && text.length - stringStart - 1 > limits.maxStringLength)
    return `a string is longer than ${limits.maxStringLength} characters`;
  return undefined;
}
