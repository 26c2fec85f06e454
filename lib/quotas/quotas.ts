// The quota sizes an application can be ordered with, and the ResourceQuota each one sets in
// every namespace of the application. Client-safe.

export const QUOTA_SIZES = ["SMALL", "MEDIUM", "LARGE"] as const;
export type QuotaSizeName = (typeof QUOTA_SIZES)[number];

const quota = (label: string, cpu: number, memoryGi: number, storageGi: number, claims: number) => ({
  label,
  cpu: `${cpu} CPU`,
  memory: `${memoryGi} GiB`,
  storage: `${storageGi} GiB`,
  /** The ResourceQuota's spec.hard in each namespace of the application. */
  hard: { "requests.cpu": String(cpu), "limits.cpu": String(cpu * 2), "requests.memory": `${memoryGi}Gi`, "limits.memory": `${memoryGi * 2}Gi`, "requests.storage": `${storageGi}Gi`, persistentvolumeclaims: String(claims) },
});

export const QUOTA_INFO = {
  SMALL: quota("Small", 2, 4, 20, 5),
  MEDIUM: quota("Medium", 8, 16, 100, 10),
  LARGE: quota("Large", 32, 64, 500, 20),
} satisfies Record<QuotaSizeName, ReturnType<typeof quota>>;
