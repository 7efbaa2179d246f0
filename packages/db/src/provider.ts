export type Provider = "sqlite" | "postgresql";

export function providerOf(url: string): Provider {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}

/** The PostgreSQL schema a database URL names (`?schema=`), when it names one. */
export function postgresSchemaOf(url: string): string | undefined {
  return new URL(url).searchParams.get("schema") ?? undefined;
}
