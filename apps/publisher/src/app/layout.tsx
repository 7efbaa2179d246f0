import type { Metadata } from "next";
import type { ReactNode } from "react";
import { portalAuth } from "@/server/auth";
import "./globals.css";

export const metadata: Metadata = {
  title: "Portico Publisher",
  description: "Define, secure and publish APIs",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await portalAuth.currentUser().catch(() => null);
  const isAdmin = user?.roles.includes("admin");
  return (
    <html lang="en">
      <body className="min-h-screen">
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-6xl items-center justify-between px-6 py-4">
            <a href="/" className="flex items-center gap-2 font-semibold">
              <span className="inline-block h-6 w-6 rounded bg-brand-600" aria-hidden />
              Portico <span className="font-normal text-slate-500">Publisher</span>
            </a>
            {user && (
              <nav aria-label="Main" className="flex items-center gap-6 text-sm text-slate-600">
                <a href="/">APIs</a>
                <a href="/apis/new">Create API</a>
                <a href="/apis/import">Import OpenAPI</a>
                <a href="/scopes">Shared scopes</a>
                {isAdmin && <a href="/admin">Admin</a>}
                <span className="text-slate-400">|</span>
                <span data-testid="signed-in-user">{user.username}</span>
                <form action="/api/auth/logout" method="post">
                  <button type="submit" className="text-brand-600 hover:underline">
                    Sign out
                  </button>
                </form>
              </nav>
            )}
          </div>
        </header>
        <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
      </body>
    </html>
  );
}
