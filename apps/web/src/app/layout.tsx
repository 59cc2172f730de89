import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { SiteHeader } from "../components/site-header";
import { TrpcProviders } from "../lib/trpc/client";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Groundwork", template: "%s · Groundwork" },
  description: "Lessons and quizzes whose every question cites the passage it came from.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  colorScheme: "light dark",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The theme choice lives in a cookie so the server renders it: no flash and no inline script.
  const theme = (await cookies()).get("theme")?.value;
  const dataTheme = theme === "light" || theme === "dark" ? theme : undefined;
  return (
    <html lang="en" data-theme={dataTheme}>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <SiteHeader theme={dataTheme ?? "system"} />
        <TrpcProviders>
          <main id="main" tabIndex={-1}>
            {children}
          </main>
        </TrpcProviders>
        <footer className="site-footer">
          <p>Groundwork: every question cites the passage it came from.</p>
        </footer>
      </body>
    </html>
  );
}
