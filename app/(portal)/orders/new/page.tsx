import { refuse } from "@/components/forbidden";
import { OrderWizard } from "@/components/order-wizard";
import { can } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { currentOrderRules } from "@/lib/orders/order-rule-settings";
import { listRegions } from "@/lib/regions/list-regions";
import { config } from "@/lib/config/config";
import { Notice } from "@/components/panel";

export const metadata = { title: "Order an environment" };

export default async function NewOrderPage() {
  const user = await requireUser();
  if (!can(user.role, "order:create")) refuse("order:create", "order environments");
  const [rules, regions] = await Promise.all([currentOrderRules(db()), listRegions(db())]);
  if (rules.regions.length === 0) {
    return (
      <Notice role="alert" titleLevel="h1" title="No region can be ordered in">
        The platform team has not enabled any region yet. Ask them in your usual channel.
      </Notice>
    );
  }
  return (
    <>
      <h1>Order an environment</h1>
      <p className="lead">Four steps. The platform team approves the order; then its namespaces are created in every region of the profile.</p>
      <OrderWizard
        rules={rules}
        regionLabels={Object.fromEntries(regions.map((r) => [r.name, r.displayName]))}
        costModel={config().orders.costModel}
        ownerGroups={user.groups}
      />
    </>
  );
}
