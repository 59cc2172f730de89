"use client";

import { useState } from "react";

export type ThemeChoice = "light" | "dark" | "system";
const order: ThemeChoice[] = ["system", "light", "dark"];
const labels: Record<ThemeChoice, string> = {
  system: "System theme",
  light: "Light theme",
  dark: "Dark theme",
};

/** Cycles system → light → dark; the choice is a cookie the server reads on the next render. */
export function ThemeToggle({ initial }: { initial: ThemeChoice }) {
  const [theme, setTheme] = useState<ThemeChoice>(initial);
  function cycle() {
    const next = order[(order.indexOf(theme) + 1) % order.length] ?? "system";
    setTheme(next);
    if (next === "system") {
      document.documentElement.removeAttribute("data-theme");
      // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing from older Safari
      document.cookie = "theme=; path=/; max-age=0; samesite=lax";
    } else {
      document.documentElement.dataset.theme = next;
      // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing from older Safari
      document.cookie = `theme=${next}; path=/; max-age=31536000; samesite=lax`;
    }
  }
  return (
    <button type="button" className="button ghost theme-toggle" onClick={cycle} aria-live="polite">
      <span aria-hidden="true">{theme === "dark" ? "☾" : theme === "light" ? "☀" : "◐"}</span>
      <span className="theme-label">{labels[theme]}</span>
    </button>
  );
}
