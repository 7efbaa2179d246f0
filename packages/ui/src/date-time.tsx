"use client";

import { useEffect, useState } from "react";

/**
 * The one date format of both portals: month by name (never 03/04 vs 04/03), 24-hour or 12-hour
 * as the reader's locale has it, and the time zone named. Without a locale (on the server) it is
 * British English in UTC: "2 Dec 2026, 09:53 UTC".
 */
export function formatDateTime(value: string | number | Date, locale?: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale ?? "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    ...(locale ? {} : { timeZone: "UTC" }),
    ...(timeZone ? { timeZone } : {}),
  })
    .format(new Date(value))
    .concat(locale || timeZone ? "" : " UTC");
}

/** A point in time: UTC from the server, then the reader's own locale and zone in the browser. */
export function DateTime({ value, className }: { value: string | Date; className?: string }) {
  const iso = new Date(value).toISOString();
  const [text, setText] = useState(() => formatDateTime(iso));
  useEffect(() => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    setText(
      new Intl.DateTimeFormat(navigator.language, {
        dateStyle: "medium",
        timeStyle: "short",
        timeZone: zone,
      }).format(new Date(iso)) + (zone === "UTC" ? " UTC" : ` (${zone})`),
    );
  }, [iso]);
  return (
    <time dateTime={iso} title={iso} className={className}>
      {text}
    </time>
  );
}
