import NextAuth from "next-auth";
import { portalAuth } from "@/server/auth";

export const dynamic = "force-dynamic";

function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(req as never, ctx as never, portalAuth.options());
}

export { handler as GET, handler as POST };
