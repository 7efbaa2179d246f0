import { describe, expect, it } from "vitest";
import { scanJson } from "./scan-json";
import { scanXml } from "./scan-xml";
import { threatProtectionSchema } from "./schema";

const limits = threatProtectionSchema.parse({
  maxDepth: 3,
  maxKeys: 2,
  maxStringLength: 5,
  maxArrayLength: 3,
});

describe("JSON threat scan", () => {
  it.each([
    ['{"a":{"b":[1,2,3]}}', undefined],
    ['{"a":{"b":{"c":1}}}', undefined],
    ['{"a":{"b":{"c":[1]}}}', "nesting is deeper than 3"],
    ['{"a":1,"b":2,"c":3}', "an object has more than 2 members"],
    ["[1,2,3,4]", "an array has more than 3 items"],
    ['["123456"]', "a string is longer than 5 characters"],
    ['{"a":"x\\"[[[[[["}', "a string is longer than 5 characters"],
    ['{"a":"[[[["}', undefined],
    ["[[],[],[]]", undefined],
  ])("%s", (text, problem) => {
    expect(scanJson(text, limits)).toBe(problem);
  });

  it("refuses a deep bomb without building anything", () => {
    expect(scanJson("[".repeat(1_000_000), threatProtectionSchema.parse({}))).toBe(
      "nesting is deeper than 20",
    );
  });
});

describe("XML threat scan", () => {
  it.each([
    ["<a><b>x</b><b/><b/></a>", undefined],
    [
      '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>',
      "XML with a DOCTYPE or entity declarations",
    ],
    ["<a><b><c><d/></c></b></a>", undefined],
    ["<a><b><c><d></d></c></b></a>", "nesting is deeper than 3"],
    ['<a x="1" y="2" z="3"/>', "an element has more than 2 attributes"],
    ["<a><b/><b/><b/><b/></a>", "an element has more than 3 children"],
    ["<a>123456</a>", "a text is longer than 5 characters"],
    ["<a><![CDATA[123456]]></a>", "a text is longer than 5 characters"],
  ])("%s", (text, problem) => {
    expect(scanXml(text, limits)).toBe(problem);
  });
});

describe("threat-protection config", () => {
  it("refuses out-of-bound limits", () => {
    expect(threatProtectionSchema.safeParse({ maxDepth: 0 }).success).toBe(false);
    expect(threatProtectionSchema.safeParse({ maxDepth: 101 }).success).toBe(false);
    expect(threatProtectionSchema.safeParse({ maxKeys: 1.5 }).success).toBe(false);
    expect(threatProtectionSchema.safeParse({ maxEntities: 1 }).success).toBe(false);
  });
});
