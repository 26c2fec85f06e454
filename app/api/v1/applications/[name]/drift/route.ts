import { getDriftRoute } from "@/lib/api/api-v1";

export const dynamic = "force-dynamic";
export const GET = getDriftRoute;
