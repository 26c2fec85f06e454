// The schedules a DR sync can run on; client-safe (the page's select lists them).
export const SYNC_INTERVALS = [
  { minutes: 0, label: "Only when asked (page or API)" },
  { minutes: 15, label: "Every 15 minutes" },
  { minutes: 60, label: "Every hour" },
  { minutes: 240, label: "Every 4 hours" },
  { minutes: 1440, label: "Every day" },
] as const;
