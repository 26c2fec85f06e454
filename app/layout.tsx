import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import "@patternfly/react-core/dist/styles/base.css";
import "./globals.css";
import { THEME_COOKIE } from "@/components/theme-cookie";

export const metadata: Metadata = {
  title: { default: "Continuum", template: "%s · Continuum" },
  description: "Self-service business continuity for OpenShift",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The theme the person chose (components/theme-toggle.tsx), drawn by the server so nothing flashes.
  const dark = (await cookies()).get(THEME_COOKIE)?.value === "dark";
  return (
    <html lang="en" className={dark ? "pf-v6-theme-dark" : undefined}>
      <body>{children}</body>
    </html>
  );
}
