// Labels that tie a namespace to its application; the pairing check and later jobs select on them.
export const LABELS = {
  application: "continuum.io/application",
  profile: "continuum.io/profile",
  role: "continuum.io/role",
  costCenter: "continuum.io/cost-center",
  managedBy: "app.kubernetes.io/managed-by",
} as const;
