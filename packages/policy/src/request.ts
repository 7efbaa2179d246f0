import type { DataType } from "./datatypes";
import type { RequestView } from "./expression";
import {
  ACTION_ID,
  CATEGORY_ACCESS_SUBJECT,
  CATEGORY_ACTION,
  CATEGORY_ENVIRONMENT,
  CATEGORY_RESOURCE,
  RESOURCE_ID,
  SUBJECT_ID,
  SUBJECT_ROLE,
} from "./identifiers";
import type { XmlElement } from "./xml";

/** A decision request as read from XML or JSON (section 5.42), values already typed. */
export interface DecisionRequest {
  readonly categories: readonly RequestCategory[];
  readonly returnPolicyIdList: boolean;
}

export interface RequestCategory {
  readonly category: string;
  readonly attributes: readonly RequestAttribute[];
  readonly content?: XmlElement;
}

export interface RequestAttribute {
  readonly attributeId: string;
  readonly issuer?: string;
  readonly includeInResult: boolean;
  readonly values: readonly { readonly dataType: DataType; readonly value: unknown }[];
}

/**
 * Indexes a typed request for designator lookups. Repeated `<Attributes>` of one category are
 * merged (the Multiple Decision Profile is not offered).
 */
export class IndexedRequest implements RequestView {
  private readonly bags = new Map<string, unknown[]>();
  private readonly contents = new Map<string, XmlElement>();

  constructor(request: DecisionRequest) {
    for (const c of request.categories) {
      if (c.content) this.contents.set(c.category, c.content);
      for (const a of c.attributes) {
        for (const v of a.values) {
          this.push(`${c.category}\n${a.attributeId}\n${v.dataType.id}`, v.value);
          if (a.issuer !== undefined)
            this.push(`${c.category}\n${a.attributeId}\n${v.dataType.id}\n${a.issuer}`, v.value);
        }
      }
    }
  }

  private push(key: string, v: unknown): void {
    const bag = this.bags.get(key);
    if (bag) bag.push(v);
    else this.bags.set(key, [v]);
  }

  attribute(
    category: string,
    attributeId: string,
    dataType: DataType,
    issuer: string | undefined,
  ): readonly unknown[] | undefined {
    const key =
      issuer === undefined
        ? `${category}\n${attributeId}\n${dataType.id}`
        : `${category}\n${attributeId}\n${dataType.id}\n${issuer}`;
    return this.bags.get(key);
  }

  content(category: string): XmlElement | undefined {
    return this.contents.get(category);
  }
}

/** A single attribute value, or several, as the gateway has them at hand. */
export type PlainValue = string | number | boolean | Date;
export type PlainAttributes = Readonly<Record<string, PlainValue | readonly PlainValue[] | undefined>>;

/**
 * The cheap input of `Pdp.decide`: plain objects per category. Keys are attribute ids; the usual
 * ids also answer to short names: `id` (subject-id, resource-id, action-id), `role`/`roles`
 * (the XACML 2.0 role attribute), or the id's last segment (`current-time`, `subject-id`).
 */
export interface AttributeInput {
  readonly subject?: PlainAttributes;
  readonly resource?: PlainAttributes;
  readonly action?: PlainAttributes;
  readonly environment?: PlainAttributes;
  /** Any other category, keyed by its full identifier. */
  readonly categories?: Readonly<Record<string, PlainAttributes>>;
  readonly returnPolicyIdList?: boolean;
}

const SHORT_CATEGORIES: Record<string, "subject" | "resource" | "action" | "environment"> = {
  [CATEGORY_ACCESS_SUBJECT]: "subject",
  [CATEGORY_RESOURCE]: "resource",
  [CATEGORY_ACTION]: "action",
  [CATEGORY_ENVIRONMENT]: "environment",
};

const ALIASES: Record<string, readonly string[]> = {
  [SUBJECT_ID]: ["id"],
  [RESOURCE_ID]: ["id"],
  [ACTION_ID]: ["id"],
  [SUBJECT_ROLE]: ["role", "roles"],
};

const keyCache = new Map<string, readonly string[]>();

function candidateKeys(attributeId: string): readonly string[] {
  let keys = keyCache.get(attributeId);
  if (!keys) {
    const last = attributeId.slice(attributeId.lastIndexOf(":") + 1);
    keys = [...new Set([attributeId, ...(ALIASES[attributeId] ?? []), last])];
    keyCache.set(attributeId, keys);
  }
  return keys;
}

function accepts(type: DataType, v: unknown): boolean {
  return (type.accepts as (x: unknown) => boolean)(v);
}

function coerce(type: DataType, v: PlainValue): unknown {
  if (accepts(type, v)) return v;
  try {
    if (v instanceof Date) return type.parse(v.toISOString());
    return type.parse(String(v));
  } catch {
    return undefined;
  }
}

/** RequestView over `AttributeInput`: values are converted to the type a designator asks for. */
export class PlainRequest implements RequestView {
  constructor(private readonly input: AttributeInput) {}

  attribute(
    category: string,
    attributeId: string,
    dataType: DataType,
    issuer: string | undefined,
  ): readonly unknown[] | undefined {
    // Plain attributes have no issuer, so a designator that names one cannot match them.
    if (issuer !== undefined) return undefined;
    const short = SHORT_CATEGORIES[category];
    const attrs = short ? this.input[short] : this.input.categories?.[category];
    if (!attrs) return undefined;
    let raw: PlainValue | readonly PlainValue[] | undefined;
    for (const key of candidateKeys(attributeId)) {
      raw = attrs[key];
      if (raw !== undefined) break;
    }
    if (raw === undefined) return undefined;
    if (!Array.isArray(raw)) {
      const v = coerce(dataType, raw as PlainValue);
      return v === undefined ? undefined : [v];
    }
    const list = raw as readonly PlainValue[];
    let allAccepted = true;
    for (const item of list) if (!accepts(dataType, item)) allAccepted = false;
    if (allAccepted) return list;
    const out: unknown[] = [];
    for (const item of list) {
      const v = coerce(dataType, item);
      if (v !== undefined) out.push(v);
    }
    return out;
  }

  content(): XmlElement | undefined {
    return undefined;
  }
}
