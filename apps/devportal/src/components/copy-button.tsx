"use client";

import { useState } from "react";

/** Copies a value to the clipboard, saying whether it worked. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [outcome, setOutcome] = useState<"" | "Copied" | "Copy failed: select the text">("");
  return (
    <button
      type="button"
      className="shrink-0 rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium hover:bg-slate-50"
      aria-label={label}
      onClick={() =>
        navigator.clipboard.writeText(value).then(
          () => setOutcome("Copied"),
          () => setOutcome("Copy failed: select the text"),
        )
      }
    >
      {outcome || "Copy"}
    </button>
  );
}
