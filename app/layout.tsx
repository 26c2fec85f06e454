import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Continuum", template: "%s · Continuum" },
  description: "Self-service business continuity for OpenShift",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
