import { AppError, exportOpenApi } from "@portico/platform";
import { portalAuth } from "@/server/auth";
import { operationContext } from "@/server/operations";

export const dynamic = "force-dynamic";

/** The API's OpenAPI document with its scopes, for the signed-in publisher. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const actor = await portalAuth.currentPrincipal();
  if (!actor) return Response.json({ code: "UNAUTHENTICATED", message: "sign in first" }, { status: 401 });
  try {
    const doc = await exportOpenApi(operationContext(actor), (await params).id);
    return Response.json(doc, { headers: { "content-disposition": "attachment; filename=openapi.json" } });
  } catch (error) {
    if (error instanceof AppError) return Response.json(error.toJSON(), { status: error.status });
    throw error;
  }
}
