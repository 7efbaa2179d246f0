import { randomBytes } from "node:crypto";
import { hashSecret } from "@portico/crypto";
import type { Db } from "./client";

export const BUILT_IN_ROLES = ["admin", "publisher", "developer"] as const;
export const PORTICO_CLI_CLIENT_ID = "portico-cli";
/** RFC 8628's device grant is how `portico login` signs in without a password. */
const PORTICO_CLI_GRANT_TYPES = [
  "password",
  "authorization_code",
  "refresh_token",
  "urn:ietf:params:oauth:grant-type:device_code",
];
export const REST_SCOPES = [
  ["portico:api_view", "View APIs in the publisher"],
  ["portico:api_create", "Create and edit APIs"],
  ["portico:api_publish", "Change API lifecycle state"],
  ["portico:subscribe", "Subscribe applications to APIs"],
  ["portico:app_manage", "Manage applications, keys and tokens"],
  ["portico:admin", "Administer the platform"],
] as const;

/** A password for a generated account: 20 characters from an unambiguous alphabet. */
export function generatePassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const bytes = randomBytes(40);
  let out = "";
  // rejection sampling keeps the characters uniform
  for (const b of bytes) {
    if (b < 256 - (256 % alphabet.length)) out += alphabet[b % alphabet.length];
    if (out.length === 20) break;
  }
  return out;
}

/**
 * The platform's base configuration: built-in roles, token validity, the resident
 * key manager, default tiers, and the first-party CLI client. Safe to run on every start.
 * Grant types are not here: each grant module of the key manager declares its own, and the key
 * manager writes their GrantTypeSetting rows when it starts.
 */
export async function seedPlatform(
  db: Db,
  options: { issuer: string },
): Promise<{ residentKeyManagerId: string }> {
  for (const name of BUILT_IN_ROLES) {
    await db.role.upsert({ where: { name }, create: { name, builtIn: true }, update: {} });
  }
  await db.tokenValiditySetting.upsert({ where: { id: "default" }, create: {}, update: {} });
  const resident = await db.keyManager.upsert({
    where: { name: "Resident Key Manager" },
    create: { name: "Resident Key Manager", type: "RESIDENT", issuer: options.issuer },
    update: { issuer: options.issuer },
  });
  const tiers: Array<{
    name: string;
    level: "SUBSCRIPTION" | "APPLICATION" | "API";
    count: number | null;
    desc: string;
  }> = [
    { name: "Bronze", level: "SUBSCRIPTION", count: 1000, desc: "1000 requests per minute" },
    { name: "Silver", level: "SUBSCRIPTION", count: 2000, desc: "2000 requests per minute" },
    { name: "Gold", level: "SUBSCRIPTION", count: 5000, desc: "5000 requests per minute" },
    { name: "Unlimited", level: "SUBSCRIPTION", count: null, desc: "No limit" },
    { name: "10PerMin", level: "APPLICATION", count: 10, desc: "10 requests per minute per application" },
    { name: "50PerMin", level: "APPLICATION", count: 50, desc: "50 requests per minute per application" },
    { name: "Unlimited", level: "APPLICATION", count: null, desc: "No limit" },
    { name: "Unlimited", level: "API", count: null, desc: "No limit" },
  ];
  for (const t of tiers) {
    await db.throttlingTier.upsert({
      where: { name_level: { name: t.name, level: t.level } },
      create: {
        name: t.name,
        level: t.level,
        description: t.desc,
        requestCount: t.count,
        unitSeconds: 60,
        unlimited: t.count === null,
      },
      update: {},
    });
  }
  await db.oAuthClient.upsert({
    where: { clientId: PORTICO_CLI_CLIENT_ID },
    create: {
      clientId: PORTICO_CLI_CLIENT_ID,
      name: "Portico command line",
      keyManagerId: resident.id,
      grantTypes: PORTICO_CLI_GRANT_TYPES,
      // RFC 8252 7.3: loopback redirects, any port
      redirectUris: ["http://127.0.0.1/callback", "http://localhost/callback"],
      tokenEndpointAuthMethod: "none",
      pkceRequired: true,
      firstParty: true,
    },
    update: {},
  });
  await addDeviceGrantToCli(db);
  for (const [name, description] of REST_SCOPES) {
    await db.scope.upsert({ where: { name }, create: { name, description }, update: {} });
  }
  await bindRestScopesToRoles(db);
  return { residentKeyManagerId: resident.id };
}

/** A platform seeded before the device grant existed gives its CLI client the grant once. */
async function addDeviceGrantToCli(db: Db): Promise<void> {
  const cli = await db.oAuthClient.findUniqueOrThrow({ where: { clientId: PORTICO_CLI_CLIENT_ID } });
  const held = Array.isArray(cli.grantTypes) ? (cli.grantTypes as string[]) : [];
  const missing = PORTICO_CLI_GRANT_TYPES.filter((g) => g.includes("device_code") && !held.includes(g));
  if (missing.length)
    await db.oAuthClient.update({ where: { id: cli.id }, data: { grantTypes: [...held, ...missing] } });
}

// ---- key manager: which built-in roles may be granted which REST scopes (a scope bound to no
// role is open to everyone, so each portico:* scope is bound). Only adds missing bindings, so
// an admin's later changes stay.
const REST_SCOPE_ROLES: Record<string, readonly string[]> = {
  admin: REST_SCOPES.map(([name]) => name),
  publisher: ["portico:api_view", "portico:api_create", "portico:api_publish"],
  developer: ["portico:subscribe", "portico:app_manage"],
};

async function bindRestScopesToRoles(db: Db): Promise<void> {
  for (const [roleName, scopeNames] of Object.entries(REST_SCOPE_ROLES)) {
    const role = await db.role.findUnique({ where: { name: roleName } });
    if (!role) continue;
    for (const scopeName of scopeNames) {
      const scope = await db.scope.findUnique({ where: { name: scopeName } });
      if (!scope) continue;
      await db.scopeRole.upsert({
        where: { scopeId_roleId: { scopeId: scope.id, roleId: role.id } },
        create: { scopeId: scope.id, roleId: role.id },
        update: {},
      });
    }
  }
}

/** Creates a user with roles; the password is stored only as a slow hash. */
export async function createUser(
  db: Db,
  input: { username: string; password: string; roles: string[]; email?: string; displayName?: string },
) {
  const roles = await db.role.findMany({ where: { name: { in: input.roles } } });
  return db.user.create({
    data: {
      username: input.username,
      email: input.email,
      displayName: input.displayName,
      passwordHash: await hashSecret(input.password),
      roles: { create: roles.map((r) => ({ roleId: r.id })) },
    },
  });
}

export interface FirstLogin {
  username: string;
  password: string;
  roles: string[];
}

/**
 * The first admin, holding all three roles; only when no admin exists yet. The password is
 * the given one or a generated one, returned so start can print it once.
 */
export async function seedAdmin(
  db: Db,
  input: { username: string; password?: string },
): Promise<FirstLogin | null> {
  const existing = await db.user.count({ where: { roles: { some: { role: { name: "admin" } } } } });
  if (existing > 0) return null;
  const password = input.password ?? generatePassword();
  await createUser(db, {
    username: input.username,
    password,
    roles: [...BUILT_IN_ROLES],
    displayName: "Administrator",
  });
  return { username: input.username, password, roles: [...BUILT_IN_ROLES] };
}

/**
 * The embedded demo: a publisher, a developer and one published sample API ("PizzaShack")
 * backed by the sample backend. Only on an empty platform (no APIs yet).
 */
export async function seedDemo(db: Db, options: { backendUrl: string }): Promise<FirstLogin[]> {
  if ((await db.api.count()) > 0) return [];
  const logins: FirstLogin[] = [];
  const publisherPassword = generatePassword();
  const developerPassword = generatePassword();
  const publisher = await createUser(db, {
    username: "publisher",
    password: publisherPassword,
    roles: ["publisher"],
    displayName: "Demo Publisher",
  });
  await createUser(db, {
    username: "developer",
    password: developerPassword,
    roles: ["developer"],
    displayName: "Demo Developer",
  });
  logins.push({ username: "publisher", password: publisherPassword, roles: ["publisher"] });
  logins.push({ username: "developer", password: developerPassword, roles: ["developer"] });

  const tiers = await db.throttlingTier.findMany({ where: { level: "SUBSCRIPTION" } });
  const developerRole = await db.role.findUniqueOrThrow({ where: { name: "developer" } });
  const api = await db.api.create({
    data: {
      name: "PizzaShack",
      version: "1.0.0",
      context: "/pizzashack",
      description: "Order pizzas: the menu is open to everyone, orders need a token with the right scope.",
      tags: ["demo", "food"],
      state: "PUBLISHED",
      isDefaultVersion: true,
      productionEndpoint: `${options.backendUrl}/pizzashack`,
      sandboxEndpoint: `${options.backendUrl}/pizzashack`,
      ownerId: publisher.id,
      backendJwt: { enabled: true },
      tiers: { create: tiers.map((t) => ({ tierId: t.id })) },
      scopes: {
        create: [
          {
            name: "pizza:read_orders",
            description: "Read your orders",
            roles: { create: [{ roleId: developerRole.id }] },
          },
          {
            name: "pizza:place_order",
            description: "Place an order",
            roles: { create: [{ roleId: developerRole.id }] },
          },
        ],
      },
    },
    include: { scopes: true },
  });
  const scopeId = (name: string) => api.scopes.find((s) => s.name === name)?.id ?? "";
  await db.resource.create({
    data: { apiId: api.id, method: "GET", pathTemplate: "/menu", authRequired: false },
  });
  await db.resource.create({
    data: {
      apiId: api.id,
      method: "GET",
      pathTemplate: "/orders/{orderId}",
      scopes: { create: [{ scopeId: scopeId("pizza:read_orders") }] },
    },
  });
  await db.resource.create({
    data: {
      apiId: api.id,
      method: "POST",
      pathTemplate: "/orders",
      scopes: { create: [{ scopeId: scopeId("pizza:place_order") }] },
    },
  });
  await db.auditEvent.create({
    data: {
      action: "api.create",
      actorName: "seed",
      targetType: "api",
      targetId: api.id,
      details: { demo: true },
    },
  });
  return logins;
}
