import { Forbidden } from "@/components/forbidden";

/** Any portal page refused to the signed-in role (answered 403), inside the frame. */
export default function ForbiddenPage() {
  return <Forbidden />;
}
