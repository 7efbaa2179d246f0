import { AppError, getCatalogApi } from "@portico/platform";
import { viewer } from "@/server/auth";
import { settings } from "@/server/db";
import { operationContext } from "@/server/operations";
import { buildOpenApiDocument } from "../openapi-document";

export const dynamic = "force-dynamic";

/** The OpenAPI document of a catalog API, for whoever may see the API (anonymous too, if public). */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const api = await getCatalogApi(operationContext(await viewer()), (await params).id);
    return Response.json(buildOpenApiDocument(api, settings.PORTICO_ISSUER), {
      headers: { "content-disposition": "attachment; filename=openapi.json" },
    });
  } catch (error) {
    if (error instanceof AppError) return Response.json(error.toJSON(), { status: error.status });
    throw error;
  }
}
