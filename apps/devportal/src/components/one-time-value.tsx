import { CopyButton } from "./copy-button";

/**
 * A secret or token shown this once, with a copy button. The value lives only in the page's
 * memory: leaving the page loses it for good, which the warning says.
 */
export function OneTimeValue({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="rounded-md border border-amber-300 bg-amber-50 p-3">
      <p className="text-sm font-medium text-amber-900">{label}</p>
      <div className="mt-2 flex items-start gap-2">
        <code
          data-testid={testId}
          className="block flex-1 break-all rounded bg-white px-2 py-1 font-mono text-xs"
        >
          {value}
        </code>
        <CopyButton value={value} label={`Copy ${label.toLowerCase()}`} />
      </div>
      <p className="mt-2 text-xs font-semibold text-amber-900">Copy it now: you will not see it again.</p>
    </div>
  );
}
