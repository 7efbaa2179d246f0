// Tokens generated in this browser tab, so the try-it console can offer them. sessionStorage:
// gone when the tab closes, never sent to a server, and only until each token expires.
const KEY = "portico.recentTokens";

export interface RecentToken {
  token: string;
  label: string;
  expiresAt: number;
}

export function readRecentTokens(): RecentToken[] {
  try {
    const all = JSON.parse(sessionStorage.getItem(KEY) ?? "[]") as RecentToken[];
    return all.filter((t) => typeof t.token === "string" && t.expiresAt > Date.now());
  } catch {
    return [];
  }
}

export function rememberRecentToken(token: RecentToken): void {
  try {
    const kept = readRecentTokens().filter((t) => t.token !== token.token);
    sessionStorage.setItem(KEY, JSON.stringify([token, ...kept].slice(0, 5)));
  } catch {
    // storage may be disabled; the console still takes a pasted token
  }
}

export function forgetRecentTokens(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing to forget
  }
}
