import { permissionLayout } from "@/components/forbidden";

export default permissionLayout("audit:read", "read the audit log");
