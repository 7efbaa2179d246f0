"use client";

import { signIn } from "next-auth/react";

export function SignInButton({ callbackUrl = "/" }: { callbackUrl?: string }) {
  return (
    <button
      type="button"
      onClick={() => signIn("portico", { callbackUrl })}
      className="rounded-md bg-brand-600 px-5 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700"
    >
      Sign in with Portico
    </button>
  );
}
