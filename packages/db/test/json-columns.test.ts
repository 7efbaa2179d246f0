import { describe, expect, it } from "vitest";
import { jsonObject, readJson, StoredJsonError, stringList } from "../src/json-columns";

/** A shape accepting lists of strings only, with zod's safeParse contract. */
const listOfStrings = {
  safeParse(value: unknown) {
    return Array.isArray(value) && value.every((v) => typeof v === "string")
      ? { success: true as const, data: value as string[] }
      : { success: false as const, error: new Error("expected a list of strings") };
  },
};

describe("Json column readers", () => {
  it("readJson returns a value of the promised shape", () => {
    expect(readJson("Api.tags", ["a", "b"], listOfStrings)).toEqual(["a", "b"]);
  });

  it("readJson names the column, not the stored value, when the shape is wrong", () => {
    const read = () => readJson("User.secretish", ["ok", { password: "hunter2" }], listOfStrings);
    expect(read).toThrow(StoredJsonError);
    expect(read).toThrow("the stored User.secretish does not have its expected shape");
    try {
      read();
    } catch (error) {
      expect((error as StoredJsonError).code).toBe("STORED_JSON_INVALID");
      expect(String((error as Error).message)).not.toContain("hunter2");
    }
  });

  it("stringList keeps the strings of a list and reads anything else as empty", () => {
    expect(stringList(["a", 1, null, "b"])).toEqual(["a", "b"]);
    expect(stringList({ 0: "a" })).toEqual([]);
    expect(stringList(null)).toEqual([]);
    expect(stringList("a")).toEqual([]);
  });

  it("jsonObject reads objects and nothing else", () => {
    expect(jsonObject({ a: 1 })).toEqual({ a: 1 });
    expect(jsonObject([1])).toEqual({});
    expect(jsonObject(null)).toEqual({});
    expect(jsonObject("x")).toEqual({});
  });
});
