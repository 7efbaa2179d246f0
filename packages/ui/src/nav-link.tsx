"use client";

import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/**
 * A navigation link that marks the current page for assistive technology (`aria-current`) and
 * the eye. `exact` links ("/", "/admin") are current only on their own page; the others also on
 * the pages under them.
 */
export function NavLink({
  href,
  children,
  className,
  exact = false,
}: {
  href: string;
  children: ReactNode;
  className?: string;
  exact?: boolean;
}) {
  const path = usePathname() ?? "";
  const current = path === href || (!exact && href !== "/" && path.startsWith(`${href}/`));
  return (
    <a
      href={href}
      aria-current={current ? "page" : undefined}
      className={`${className ?? ""} aria-[current=page]:font-semibold aria-[current=page]:text-ink`}
    >
      {children}
    </a>
  );
}

/** The first thing a keyboard reaches: a link past the header to the page's content. */
export function SkipLink() {
  return (
    <a
      href="#main"
      className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-4 focus:py-2 focus:text-sm focus:font-medium focus:shadow"
    >
      Skip to content
    </a>
  );
}
