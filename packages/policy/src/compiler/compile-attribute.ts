import {
  type DataType,
  dateTimeType,
  dateType,
  InvalidValue,
  makeDate,
  makeDateTime,
  makeTime,
  requireDataType,
  timeType,
} from "../datatypes";
import { bagOf, type CompiledExpression, Indeterminate, type Status } from "../expression";
import {
  CATEGORY_ENVIRONMENT,
  CURRENT_DATE,
  CURRENT_DATETIME,
  CURRENT_TIME,
  STATUS_MISSING_ATTRIBUTE,
  STATUS_SYNTAX_ERROR,
} from "../identifiers";
import type { AttributeDesignatorNode, AttributeSelectorNode } from "../policy-model";
import { compileXPath, evaluateXPath, stringValue } from "../xpath";
import { loadError } from "./load-error";

const EMPTY_BAG: readonly unknown[] = Object.freeze([]);

/** Values the context handler supplies when the request leaves them out (section 10.2.5). */
function environmentDefault(attributeId: string, type: DataType, now: Date): readonly unknown[] | undefined {
  if (attributeId === CURRENT_DATETIME && type === dateTimeType) {
    return [
      makeDateTime(
        now.getUTCFullYear(),
        now.getUTCMonth() + 1,
        now.getUTCDate(),
        now.getUTCHours(),
        now.getUTCMinutes(),
        now.getUTCSeconds(),
        now.getUTCMilliseconds() ? String(now.getUTCMilliseconds()).padStart(3, "0") : "",
        0,
      ),
    ];
  }
  if (attributeId === CURRENT_DATE && type === dateType)
    return [makeDate(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate(), 0)];
  if (attributeId === CURRENT_TIME && type === timeType) {
    return [
      makeTime(
        now.getUTCHours(),
        now.getUTCMinutes(),
        now.getUTCSeconds(),
        now.getUTCMilliseconds() ? String(now.getUTCMilliseconds()).padStart(3, "0") : "",
        0,
      ),
    ];
  }
  return undefined;
}

export function compileDesignator(node: AttributeDesignatorNode): CompiledExpression {
  const type = requireDataType(node.dataType, node.site);
  const { category, attributeId, issuer, mustBePresent } = node;
  const suppliesDefault =
    category === CATEGORY_ENVIRONMENT &&
    (attributeId === CURRENT_DATETIME || attributeId === CURRENT_DATE || attributeId === CURRENT_TIME);
  const missing: Status = {
    code: STATUS_MISSING_ATTRIBUTE,
    message: `missing attribute ${attributeId} (${category})`,
    missingAttributes: [
      { category, attributeId, dataType: type.id, ...(issuer !== undefined ? { issuer } : {}) },
    ],
  };
  return {
    type: bagOf(type),
    site: node.site,
    evaluate: (ctx) => {
      const bag = ctx.request.attribute(category, attributeId, type, issuer);
      if (bag !== undefined && bag.length > 0) return bag;
      if (suppliesDefault) {
        const supplied = environmentDefault(attributeId, type, ctx.now);
        if (supplied) return supplied;
      }
      if (mustBePresent) throw new Indeterminate(missing);
      return EMPTY_BAG;
    },
  };
}

export function compileSelector(node: AttributeSelectorNode): CompiledExpression {
  const type = requireDataType(node.dataType, node.site);
  if (node.contextSelectorId !== undefined) {
    throw loadError(
      "XPATH_UNSUPPORTED",
      "AttributeSelector with ContextSelectorId is not supported",
      node.site,
    );
  }
  const path = compileXPath(node.path, node.namespaces, node.site);
  const { category, mustBePresent } = node;
  const missing: Status = {
    code: STATUS_MISSING_ATTRIBUTE,
    message: `no value at ${node.path} in the ${category} content`,
    missingAttributes: [{ category, attributeId: node.path, dataType: type.id }],
  };
  return {
    type: bagOf(type),
    site: node.site,
    evaluate: (ctx) => {
      const content = ctx.request.content(category);
      const nodes = content ? evaluateXPath(path, content) : [];
      if (nodes.length === 0) {
        if (mustBePresent) throw new Indeterminate(missing);
        return EMPTY_BAG;
      }
      return nodes.map((n) => {
        try {
          return type.parse(stringValue(n));
        } catch (error) {
          if (error instanceof InvalidValue)
            throw new Indeterminate({ code: STATUS_SYNTAX_ERROR, message: error.message });
          throw error;
        }
      });
    },
  };
}
