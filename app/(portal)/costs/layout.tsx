import { permissionLayout } from "@/components/forbidden";

export default permissionLayout("cost:read", "see costs");
