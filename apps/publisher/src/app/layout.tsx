import { countUnreadNotifications } from "@portico/platform";
import { NavLink, SkipLink } from "@portico/ui/nav-link";
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { portalAuth } from "@/server/auth";
import { operationContext } from "@/server/operations";
import "./globals.css";

export const metadata: Metadata = {
  title: "Portico Publisher",
  description: "Define, secure and publish APIs",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await portalAuth.currentUser().catch(() => null);
  const isAdmin = user?.roles.includes("admin");
  const principal = user ? await portalAuth.currentPrincipal().catch(() => null) : null;
  const unread = principal
    ? await countUnreadNotifications(operationContext(principal))
        .then((c) => c.unread)
        .catch(() => 0)
    : 0;
  return (
    <html lang="en">
      <body className="min-h-screen">
        <SkipLink />
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-4 sm:px-6">
            <a href="/" className="flex items-center gap-2 font-semibold">
              <span className="inline-block h-6 w-6 rounded bg-brand-600" aria-hidden />
              Portico <span className="font-normal text-slate-500">Publisher</span>
            </a>
            {user && (
              <nav
                aria-label="Main"
                className="flex flex-wrap items-center gap-x-5 gap-y-2 text-sm text-slate-700"
              >
                <NavLink href="/" exact>
                  APIs
                </NavLink>
                <NavLink href="/apis/new">Create API</NavLink>
                <NavLink href="/apis/import">Import OpenAPI</NavLink>
                <NavLink href="/scopes">Shared scopes</NavLink>
                <NavLink href="/approvals">Approvals</NavLink>
                {isAdmin && <NavLink href="/admin">Admin</NavLink>}
                <span className="text-slate-400" aria-hidden>
                  |
                </span>
                <NavLink href="/notifications">
                  Inbox{" "}
                  <span data-testid="unread-count" className="rounded-full bg-slate-100 px-2 text-xs">
                    {unread}
                  </span>
                  <span className="sr-only"> unread</span>
                </NavLink>
                <span data-testid="signed-in-user">{user.username}</span>
                <form action="/api/auth/logout" method="post">
                  <button type="submit" className="text-brand-700 hover:underline">
                    Sign out
                  </button>
                </form>
              </nav>
            )}
          </div>
        </header>
        <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
          {children}
        </main>
      </body>
    </html>
  );
}
