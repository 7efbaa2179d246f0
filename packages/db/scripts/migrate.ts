// npm run db:migrate -w @portico/db: applies pending migrations to DATABASE_URL (or the SQLite default).
import { settingsOrExit } from "@portico/settings";
import { migrateDatabase } from "../src/migrations";

const settings = settingsOrExit();
const applied = await migrateDatabase(settings.databaseUrl);
process.stdout.write(applied.length ? `applied: ${applied.join(", ")}\n` : "database is up to date\n");
