"use client";

import { signIn } from "next-auth/react";

/** The sign-in page of a portal: one button that starts sign-in at the key manager. */
export function SignInPanel({ portalName, callbackUrl = "/" }: { portalName: string; callbackUrl?: string }) {
  return (
    <section className="mx-auto mt-16 max-w-md rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
      <h1 className="text-xl font-semibold">Sign in to the {portalName}</h1>
      <p className="mt-2 text-sm text-slate-600">
        You will sign in at Portico's key manager and come back here.
      </p>
      <div className="mt-6">
        <button
          type="button"
          onClick={() => signIn("portico", { callbackUrl })}
          className="rounded-md bg-brand-600 px-5 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700"
        >
          Sign in with Portico
        </button>
      </div>
    </section>
  );
}
