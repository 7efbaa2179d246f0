const UNITS: Record<number, string> = { 1: "second", 60: "minute", 3600: "hour", 86400: "day" };

/** A tier's quota as people read it: "5,000 requests per minute", "Unlimited". */
export function describeQuota(t: {
  unlimited: boolean;
  requestCount: number | null;
  unitSeconds: number;
}): string {
  if (t.unlimited || t.requestCount == null) return "Unlimited";
  const unit = UNITS[t.unitSeconds] ?? `${t.unitSeconds.toLocaleString("en")} seconds`;
  return `${t.requestCount.toLocaleString("en")} ${t.requestCount === 1 ? "request" : "requests"} per ${unit}`;
}
