"use client";

import { ToggleGroup, ToggleGroupItem } from "@patternfly/react-core";
import MoonIcon from "@patternfly/react-icons/dist/esm/icons/moon-icon";
import SunIcon from "@patternfly/react-icons/dist/esm/icons/sun-icon";
import { useState } from "react";
import { THEME_COOKIE } from "./theme-cookie";

/** Light or dark, as PatternFly draws them: a class on <html>, kept in a cookie so the server renders it without a flash. */
export function ThemeToggle({ initiallyDark }: { initiallyDark: boolean }) {
  const [dark, setDark] = useState(initiallyDark);
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
