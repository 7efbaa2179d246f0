"use server";

import {
  createKeyManager,
  createTier,
  createUserAccount,
  deleteKeyManager,
  deleteTier,
  listGrantTypes,
  updateGrantType,
  updateKeyManager,
  updateTokenValidity,
  updateUserAccount,
} from "@portico/platform";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireRole } from "@/server/auth";
import { type FormState, formAction, operationContext } from "@/server/operations";

async function ctx() {
  return operationContext(await requireRole("admin"));
}

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();
const optionalNumber = (form: FormData, name: string) =>
  text(form, name) ? Number(text(form, name)) : undefined;

export async function grantTypeAction(_prev: FormState, form: FormData): Promise<FormState> {
  const name = text(form, "name");
  const enabled = text(form, "enabled") === "true";
  // messages name the grant type as people know it, never by its URN
  let label = "The grant type";
  const state = await formAction(async () => {
    const c = await ctx();
    label = (await listGrantTypes(c)).find((g) => g.name === name)?.displayName ?? label;
    await updateGrantType(c, name, { enabled });
  });
  if (state.ok) state.message = `${label} ${enabled ? "enabled" : "disabled"}.`;
  revalidatePath("/admin");
  return state;
}

export async function tokenValidityAction(_prev: FormState, form: FormData): Promise<FormState> {
  const fields = [
    "applicationTokenDefault",
    "applicationTokenMax",
    "userTokenDefault",
    "userTokenMax",
    "refreshTokenDefault",
    "refreshTokenMax",
  ];
  const body = Object.fromEntries(
    fields.map((f) => [f, optionalNumber(form, f)]).filter(([, v]) => v !== undefined),
  );
  const state = await formAction(
    () => ctx().then((c) => updateTokenValidity(c, body)),
    "Token validity saved.",
  );
  revalidatePath("/admin");
  return state;
}

export async function createTierAction(_prev: FormState, form: FormData): Promise<FormState> {
  const unlimited = form.get("unlimited") === "on";
  const state = await formAction(
    () =>
      ctx().then((c) =>
        createTier(c, {
          name: text(form, "name"),
          level: text(form, "level"),
          description: text(form, "description") || undefined,
          unlimited,
          requestCount: unlimited ? undefined : optionalNumber(form, "requestCount"),
          unitSeconds: optionalNumber(form, "unitSeconds") ?? 60,
          burst: optionalNumber(form, "burst"),
        }),
      ),
    "Tier created.",
  );
  revalidatePath("/admin/tiers");
  return state;
}

export async function deleteTierAction(_prev: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(() => ctx().then((c) => deleteTier(c, text(form, "id"))));
  // the row and its form are gone: the list says what was deleted
  if (state.ok) redirect(`/admin/tiers?${new URLSearchParams({ deleted: text(form, "name") })}`);
  return state;
}

export async function createKeyManagerAction(_prev: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(async () => {
    await createKeyManager(await ctx(), {
      name: text(form, "name"),
      discoveryUrl: text(form, "discoveryUrl"),
      clientId: text(form, "clientId") || undefined,
      clientSecret: text(form, "clientSecret") || undefined,
    });
  }, "Key manager added.");
  revalidatePath("/admin/key-managers");
  return state;
}

export async function keyManagerStateAction(_prev: FormState, form: FormData): Promise<FormState> {
  const id = text(form, "id");
  const op = text(form, "op");
  const state = await formAction(async () => {
    const c = await ctx();
    if (op === "delete") await deleteKeyManager(c, id);
    else await updateKeyManager(c, id, { enabled: op === "enable" });
  }, "Key manager updated.");
  revalidatePath("/admin/key-managers");
  return state;
}

export async function createUserAction(_prev: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(
    () =>
      ctx().then((c) =>
        createUserAccount(c, {
          username: text(form, "username"),
          password: String(form.get("password") ?? ""),
          email: text(form, "email") || undefined,
          roles: form.getAll("roles").map(String),
        }),
      ),
    "User created.",
  );
  revalidatePath("/admin/users");
  return state;
}

export async function userRolesAction(_prev: FormState, form: FormData): Promise<FormState> {
  const state = await formAction(
    () =>
      ctx().then((c) =>
        updateUserAccount(c, text(form, "id"), {
          roles: form.getAll("roles").map(String),
          disabled: form.get("disabled") === "on",
        }),
      ),
    "User updated.",
  );
  revalidatePath("/admin/users");
  return state;
}
