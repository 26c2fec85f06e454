import { retryRunRoute } from "@/lib/api/api-v1";

export const dynamic = "force-dynamic";
export const POST = retryRunRoute;
