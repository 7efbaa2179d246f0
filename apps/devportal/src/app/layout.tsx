import type { Metadata } from "next";
import type { ReactNode } from "react";
import { SignOutForm } from "@/components/sign-out-form";
import { portalAuth } from "@/server/auth";
import "./globals.css";

export const metadata: Metadata = {
  title: "Portico Developer Portal",
  description: "Discover APIs, subscribe and get tokens",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await portalAuth.currentUser().catch(() => null);
  return (
    <html lang="en">
      <body className="min-h-screen">
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex max-w-6xl items-center justify-between px-6 py-4">
            <a href="/" className="flex items-center gap-2 font-semibold">
              <span className="inline-block h-6 w-6 rounded bg-brand-500" aria-hidden />
              Portico <span className="font-normal text-slate-500">Developer Portal</span>
            </a>
            <nav aria-label="Main" className="flex items-center gap-6 text-sm text-slate-600">
              <a href="/">APIs</a>
              {user && <a href="/applications">Applications</a>}
              {user && <a href="/usage">Usage</a>}
              <span className="text-slate-400">|</span>
              {user ? (
                <>
                  <span data-testid="signed-in-user">{user.username}</span>
                  <SignOutForm buttonClassName="text-brand-600 hover:underline" />
                </>
              ) : (
                <a href="/signin" className="text-brand-600 hover:underline">
                  Sign in
                </a>
              )}
            </nav>
          </div>
        </header>
        <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
      </body>
    </html>
  );
}
