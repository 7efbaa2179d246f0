// npm run reset-password -- <username>: sets a new generated password and prints it once.
import { hashSecret } from "@portico/crypto";
import { createDb, generatePassword } from "@portico/db";
import { settingsOrExit } from "@portico/settings";

const username = process.argv[2];
if (!username) {
  process.stderr.write("usage: npm run reset-password -- <username>\n");
  process.exit(2);
}
const settings = settingsOrExit();
const db = createDb(settings.databaseUrl);
try {
  const user = await db.user.findUnique({ where: { username } });
  if (!user) {
    process.stderr.write(`portico: no user named ${username}\n`);
    process.exit(1);
  }
  const password = generatePassword();
  await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashSecret(password) } });
  await db.auditEvent.create({
    data: { action: "user.password_reset", actorName: "cli", targetType: "user", targetId: user.id },
  });
  process.stdout.write(`new password for ${username}: ${password}\n`);
} finally {
  await db.$disconnect();
}
