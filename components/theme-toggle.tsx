"use client";

import { ToggleGroup, ToggleGroupItem } from "@patternfly/react-core";
import MoonIcon from "@patternfly/react-icons/dist/esm/icons/moon-icon";
import SunIcon from "@patternfly/react-icons/dist/esm/icons/sun-icon";
import { useEffect, useState } from "react";

export const THEME_COOKIE = "continuum-theme";

/** Light or dark, as PatternFly draws them: a class on <html>, kept in a cookie so the server renders it without a flash. */
export function ThemeToggle() {
  const [dark, setDark] = useState(false);
  useEffect(() => setDark(document.documentElement.classList.contains("pf-v6-theme-dark")), []);
  const choose = (value: boolean) => {
    setDark(value);
    document.documentElement.classList.toggle("pf-v6-theme-dark", value);
    document.cookie = `${THEME_COOKIE}=${value ? "dark" : "light"}; path=/; max-age=31536000; samesite=lax`;
  };
  return (
    <ToggleGroup isCompact aria-label="Theme">
      <ToggleGroupItem icon={<SunIcon />} aria-label="Light theme" isSelected={!dark} onChange={() => choose(false)} />
      <ToggleGroupItem icon={<MoonIcon />} aria-label="Dark theme" isSelected={dark} onChange={() => choose(true)} />
    </ToggleGroup>
  );
}
