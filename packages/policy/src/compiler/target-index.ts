import { stringType } from "../datatypes";
import type { EvaluationContext } from "../expression";
import { CATEGORY_ENVIRONMENT, F1 } from "../identifiers";
import type { TargetNode } from "../policy-model";
import type { CompiledPolicy, TargetIndexKey } from "./compiled-policy";

/** The index key of a target that only matches listed string values of one attribute. */
export function indexKeyOf(target: TargetNode): TargetIndexKey | undefined {
  const [only, ...more] = target.anyOf;
  if (!only || more.length > 0) return undefined;
  let key: Omit<TargetIndexKey, "values"> | undefined;
  const values: string[] = [];
  for (const allOf of only) {
    const [m, ...others] = allOf;
    if (!m || others.length > 0 || m.functionId !== `${F1}string-equal`) return undefined;
    const s = m.source;
    if (
      s.kind !== "AttributeDesignator" ||
      s.mustBePresent ||
      s.dataType !== stringType.id ||
      m.value.dataType !== stringType.id
    )
      return undefined;
    // The environment clock attributes get defaults, so the request alone does not decide them.
    if (s.category === CATEGORY_ENVIRONMENT) return undefined;
    if (key && (key.category !== s.category || key.attributeId !== s.attributeId || key.issuer !== s.issuer))
      return undefined;
    key ??= { category: s.category, attributeId: s.attributeId, issuer: s.issuer };
    values.push(m.value.text);
  }
  return key ? { ...key, values } : undefined;
}

/** Fewer children than this are cheaper to test one by one than to index. */
const INDEX_THRESHOLD = 8;

/**
 * Builds a per-request selector of the children that can apply, when enough children share an
 * indexable target attribute; the others are always kept. Document order is preserved.
 */
export function childSelector(
  children: readonly CompiledPolicy[],
): ((ctx: EvaluationContext) => CompiledPolicy[]) | undefined {
  const groups = new Map<string, number>();
  const keyOf = (k: TargetIndexKey) => `${k.category}\n${k.attributeId}\n${k.issuer ?? ""}`;
  for (const c of children)
    if (c.targetIndex) groups.set(keyOf(c.targetIndex), (groups.get(keyOf(c.targetIndex)) ?? 0) + 1);
  let best: string | undefined;
  for (const [k, n] of groups) if (n >= INDEX_THRESHOLD && (!best || n > (groups.get(best) ?? 0))) best = k;
  if (!best) return undefined;
  const byValue = new Map<string, number[]>();
  const always: number[] = [];
  let attribute: TargetIndexKey | undefined;
  children.forEach((c, i) => {
    if (c.targetIndex && keyOf(c.targetIndex) === best) {
      attribute = c.targetIndex;
      for (const v of c.targetIndex.values) {
        const list = byValue.get(v);
        if (list) {
          if (list[list.length - 1] !== i) list.push(i);
        } else byValue.set(v, [i]);
      }
    } else always.push(i);
  });
  if (!attribute) return undefined;
  const { category, attributeId, issuer } = attribute;
  return (ctx) => {
    const bag = ctx.request.attribute(category, attributeId, stringType, issuer);
    let picked: number[] | undefined;
    if (bag) {
      for (const v of bag) {
        const hits = byValue.get(v as string);
        if (hits) picked = picked ? picked.concat(hits) : hits;
      }
    }
    if (always.length > 0) picked = picked ? picked.concat(always) : always;
    if (!picked) return [];
    if (picked.length > 1) picked = [...new Set(picked)].sort((a, b) => a - b);
    return picked.map((i) => children[i] as CompiledPolicy);
  };
}
