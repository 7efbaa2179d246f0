import "server-only";
import { getDb } from "@portico/db";
import { settingsOrExit } from "@portico/settings";

/** This process's settings, validated once. */
export const settings = settingsOrExit();

/** The one database client of this process. */
export const db = getDb(settings.databaseUrl);
