import { NavLink } from "@portico/ui/nav-link";
import type { ReactNode } from "react";
import { requireRole } from "@/server/auth";

const sections = [
  ["/admin", "Grant types & tokens"],
  ["/admin/tiers", "Throttling tiers"],
  ["/admin/environments", "Gateway environments"],
  ["/admin/key-managers", "Key managers"],
  ["/admin/client-registration", "Client registration"],
  ["/admin/identity-providers", "Identity providers"],
  ["/admin/policies", "XACML policies"],
  ["/admin/gateway-policies", "Gateway policies"],
  ["/admin/deny-policies", "Deny policies"],
  ["/admin/approvals", "Approvals"],
  ["/admin/users", "Users & roles"],
  ["/admin/audit", "Audit log"],
] as const;

export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireRole("admin");
  return (
    <div className="grid gap-8 md:grid-cols-[12rem_minmax(0,1fr)]">
      <nav aria-label="Admin" className="space-y-1 text-sm">
        <p className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Admin</p>
        {sections.map(([href, label]) => (
          <NavLink
            key={href}
            href={href}
            exact={href === "/admin"}
            className="block rounded px-3 py-2 text-slate-700 hover:bg-white hover:shadow-sm aria-[current=page]:bg-white aria-[current=page]:shadow-sm"
          >
            {label}
          </NavLink>
        ))}
      </nav>
      <div>{children}</div>
    </div>
  );
}
