// The cookie that keeps the light or dark theme a person chose (read by the server, so nothing flashes).
export const THEME_COOKIE = "continuum-theme";
