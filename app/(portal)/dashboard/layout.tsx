import { permissionLayout } from "@/components/forbidden";

export default permissionLayout("application:read-all", "see the dashboard");
