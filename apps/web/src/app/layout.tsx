import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
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

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <a href="/" className="brand">
            Groundwork
          </a>
        </header>
        <TrpcProviders>
          <main id="main">{children}</main>
        </TrpcProviders>
      </body>
    </html>
  );
}
