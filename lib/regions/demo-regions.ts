// The two regions of the embedded default, served by the region simulator (`npm run sim`).
export const DEMO_REGIONS = [
  {
    name: "europe-west",
    displayName: "Europe West",
    apiUrl: "https://127.0.0.1:16443",
    openstackProject: "europe-west",
  },
  {
    name: "europe-east",
    displayName: "Europe East",
    apiUrl: "https://127.0.0.1:16444",
    openstackProject: "europe-east",
  },
] as const;
