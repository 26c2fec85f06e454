import { permissionLayout } from "@/components/forbidden";

export default permissionLayout("order:decide", "see and decide the approvals queue");
