import { listOrdersRoute, submitOrderRoute } from "@/lib/api/api-v1";

export const dynamic = "force-dynamic";
export const GET = listOrdersRoute;
export const POST = submitOrderRoute;
