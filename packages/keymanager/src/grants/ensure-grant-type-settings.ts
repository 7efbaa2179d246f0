// Each grant module's `setting` is the only source of its GrantTypeSetting row: the key manager
// writes the rows on start, and the portals' admin pages and REST API read them. A new row takes
// the module's `enabled`; an existing row keeps the admin's switch and gets the module's current
// texts, so a reworded description reaches admins at the next start.
import type { Db } from "@portico/db";
import type { GrantTypeModule } from "./registry";

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/**
 * Writes the GrantTypeSetting row of every module.
 *
 * @example await ensureGrantTypeSettings(db, builtInGrantTypes)
 */
export async function ensureGrantTypeSettings(db: Db, modules: readonly GrantTypeModule[]): Promise<void> {
  for (const { grantType: name, setting } of modules) {
    const texts = {
      displayName: setting.displayName,
      description: setting.description,
      risk: setting.risk ?? null,
    };
    const write = () =>
      db.grantTypeSetting.upsert({
        where: { name },
        create: { name, ...texts, enabled: setting.enabled },
        update: texts,
      });
    try {
      await write();
    } catch (error) {
      // another key manager starting at the same moment created the row first: update it instead
      if (!isUniqueViolation(error)) throw error;
      await write();
    }
  }
}
