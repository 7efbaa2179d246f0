"use client";

import { forgetRecentTokens } from "./recent-tokens";

/**
 * Signs out (POST, so a link cannot sign anyone out) and first forgets the tokens this tab
 * generated, so they do not outlive the session in the tab's storage.
 */
export function SignOutForm({ className, buttonClassName }: { className?: string; buttonClassName: string }) {
  return (
    <form action="/api/auth/logout" method="post" className={className} onSubmit={() => forgetRecentTokens()}>
      <button type="submit" className={buttonClassName}>
        Sign out
      </button>
    </form>
  );
}
