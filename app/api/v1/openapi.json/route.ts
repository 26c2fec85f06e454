import { openApiDocument } from "@/lib/api/openapi";

export const dynamic = "force-dynamic";

// GET /api/v1/openapi.json — public: it describes the API, it holds no data.
export async function GET() {
  return Response.json(await openApiDocument(), { headers: { "cache-control": "no-store" } });
}
