import { expect, type Page, test } from "@playwright/test";
import { adminPassword, createAccount } from "../fixtures/key-manager";
import { publishedApi, subscribedDeveloper } from "../fixtures/rest";
import { signIn } from "../fixtures/sign-in";
import { e2eUrls } from "../fixtures/stack";

const publisherUrl = (path: string) => `${e2eUrls.publisher}${path}`;

/** The vertical distance between two elements' boxes (0 when they overlap). */
async function gapBetween(page: Page, a: string, b: string) {
  return page.evaluate(
    ([x, y]) => {
      const ra = document.querySelector(x ?? "")?.getBoundingClientRect();
      const rb = document.querySelector(y ?? "")?.getBoundingClientRect();
      if (!ra || !rb) return Number.POSITIVE_INFINITY;
      return Math.max(0, rb.top - ra.bottom, ra.top - rb.bottom);
    },
    [a, b],
  );
}

test("Create API: an endpoint that is not a URL is a field error, and what was typed stays", async ({
  page,
}) => {
  const suffix = Date.now().toString(36);
  await signIn(page, e2eUrls.publisher, `form${suffix}`, await createAccount(`form${suffix}`, ["publisher"]));
  await page.goto(publisherUrl("/apis/new"));
  await page.getByLabel("Name").fill(`Weather${suffix}`);
  await page.getByLabel("Context").fill(`/weather${suffix}`);
  await page.getByLabel("Production endpoint").fill("weather service");
  await page.getByRole("button", { name: "Create API" }).click();

  const endpoint = page.getByLabel("Production endpoint");
  await expect(page.locator("#production-error")).toHaveText("must be an http(s) URL");
  await expect(endpoint).toHaveAttribute("aria-invalid", "true");
  await expect(endpoint).toHaveValue("weather service");
  await expect(page.getByLabel("Name")).toHaveValue(`Weather${suffix}`);
  await expect(page.getByLabel("Context")).toHaveValue(`/weather${suffix}`);
  // one summary, by the button, without code words
  await expect(page.getByText("Not saved: check the fields marked above.")).toBeVisible();
  await expect(page.getByText("endpoints.production")).toHaveCount(0);
  expect(page.url()).toBe(publisherUrl("/apis/new"));

  // fixed, it is created
  await endpoint.fill("http://127.0.0.1:8281/pizzashack");
  await page.getByRole("button", { name: "Create API" }).click();
  await expect(page.getByTestId("api-state")).toHaveText("CREATED");

  // an unknown API id is the not-found page
  const missing = await page.goto(publisherUrl("/apis/does-not-exist"));
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  const policy = await page.goto(publisherUrl("/admin/policies/nope/versions/abc"));
  expect(policy?.status()).not.toBe(500);
});

test("deleting an API asks for its name, and blocking a subscription asks first; both say what happened", async ({
  page,
}) => {
  const suffix = `${Date.now().toString(36)}d`;
  const { api, name, username, password, rest } = await publishedApi(suffix);
  const dev = await subscribedDeveloper(suffix, api.id);
  await signIn(page, e2eUrls.publisher, username, password);
  await page.goto(publisherUrl(`/apis/${api.id}`));

  // block the subscription: cancel changes nothing, confirm blocks it and says so by the button
  const row = page.getByRole("row", { name: new RegExp(dev.appName) });
  await row.getByRole("button", { name: "Block" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog.getByRole("heading")).toHaveText(`Block ${dev.appName}'s subscription?`);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText("ACTIVE");
  await row.getByRole("button", { name: "Block" }).click();
  await dialog.getByRole("button", { name: "Block subscription" }).click();
  await expect(row).toContainText("BLOCKED");
  await expect(row.getByText("Subscription blocked.")).toBeVisible();

  // an API with a subscription cannot be deleted: the reason shows by the button
  await page.getByRole("button", { name: "Delete API" }).click();
  await dialog.getByLabel(`Type ${name} to confirm`).fill(name);
  await dialog.getByRole("button", { name: "Delete API" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "1 subscription(s)" })).toBeVisible();

  // delete one without: the button stays disabled until the exact name is typed
  const spare = await rest("publisher", "POST", "/apis", {
    name,
    version: "2.0.0",
    context: `/spare${suffix}`,
    endpoints: { production: "http://127.0.0.1:8281/pizzashack" },
  });
  await page.goto(publisherUrl(`/apis/${spare.id}`));
  await page.getByRole("button", { name: "Delete API" }).click();
  const confirm = dialog.getByRole("button", { name: "Delete API" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(`Type ${name} to confirm`).fill(name.toUpperCase());
  await expect(confirm).toBeDisabled();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await page.reload();
  await expect(page.getByTestId("api-state")).toHaveText("CREATED");
  await page.getByRole("button", { name: "Delete API" }).click();
  // reopened, it starts empty
  await expect(dialog.getByLabel(`Type ${name} to confirm`)).toHaveValue("");
  await dialog.getByLabel(`Type ${name} to confirm`).fill(name);
  await confirm.click();
  await page.waitForURL(/\/\?deleted=/);
  await expect(page.getByText(`Deleted ${name} 2.0.0.`)).toBeVisible();
  expect((await page.goto(publisherUrl(`/apis/${spare.id}`)))?.status()).toBe(404);
  expect((await page.goto(publisherUrl(`/apis/${api.id}`)))?.status()).toBe(200);
});

test("admin forms keep what was typed after a refusal and speak in labels; deleting a tier asks first", async ({
  page,
}) => {
  const suffix = Date.now().toString(36);
  await signIn(page, e2eUrls.publisher, "admin", adminPassword());

  // a new tier whose name is taken: refused, everything typed is still there
  await page.goto(publisherUrl("/admin/tiers"));
  const form = page.locator("form", { has: page.getByRole("button", { name: "Create tier" }) });
  await form.getByLabel("Name").fill("Gold");
  await form.getByLabel("Description").fill(`for partners ${suffix}`);
  await form.getByLabel("Requests").fill("1234");
  await form.getByRole("button", { name: "Create tier" }).click();
  await expect(form.getByRole("alert")).toHaveText("Name: taken");
  await expect(form.getByLabel("Description")).toHaveValue(`for partners ${suffix}`);
  await expect(form.getByLabel("Requests")).toHaveValue("1234");
  await form.getByLabel("Name").fill(`Tin${suffix}`);
  await form.getByRole("button", { name: "Create tier" }).click();
  const row = page.getByRole("row", { name: new RegExp(`Tin${suffix}`) });
  await expect(row).toContainText("1,234 requests per minute");
  // the form is emptied for the next tier
  await expect(form.getByLabel("Name")).toHaveValue("");

  // edited in place
  await row.getByRole("link", { name: `Edit Tin${suffix}` }).click();
  const edit = page.locator("#edit-tier");
  await expect(edit.getByRole("heading")).toHaveText(`Edit Tin${suffix}`);
  await edit.getByLabel("Requests").fill("60");
  await edit.getByLabel("Per (seconds)").fill("1");
  await edit.getByRole("button", { name: "Save tier" }).click();
  await expect(edit.getByText("Tier saved.")).toBeVisible();
  await expect(row).toContainText("60 requests per second");

  // deleted after confirming, and the page says which
  await row.getByRole("button", { name: `Delete Tin${suffix}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete tier" }).click();
  await expect(page.getByText(`Tier Tin${suffix} deleted.`)).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(`Tin${suffix}`) })).toHaveCount(0);

  // token validity: the message names the fields by their labels, once, next to the button
  await page.goto(publisherUrl("/admin"));
  const validity = page.locator("form", { has: page.getByRole("button", { name: "Save token validity" }) });
  const max = await validity.getByLabel("Application token: maximum").inputValue();
  await validity.getByLabel("Application token: default").fill(String(Number(max) + 1));
  await validity.getByRole("button", { name: "Save token validity" }).click();
  const error = validity.getByRole("alert");
  await expect(error).toHaveText(
    `Application token: default: must not exceed "Application token: maximum" (${max} s)`,
  );
  await expect(page.getByText("applicationToken")).toHaveCount(0);
  await expect(validity.getByLabel("Application token: default")).toHaveValue(String(Number(max) + 1));
  await validity.evaluate((el) => el.setAttribute("data-probe", "validity"));
  expect(
    await gapBetween(page, "[data-probe=validity] button[type=submit]", "[data-probe=validity] [role=alert]"),
  ).toBeLessThan(40);

  // a new user refused (short password): the username and email stay
  await page.goto(publisherUrl("/admin/users"));
  const user = page.locator("form", { has: page.getByRole("button", { name: "Create user" }) });
  await user.getByLabel("Username").fill(`kim${suffix}`);
  await user.getByLabel("Password").fill("short");
  await user.getByLabel("Email").fill(`kim${suffix}@example.com`);
  await user.getByRole("button", { name: "Create user" }).click();
  await expect(user.getByRole("alert")).toContainText("Password");
  await expect(user.getByLabel("Username")).toHaveValue(`kim${suffix}`);
  await expect(user.getByLabel("Email")).toHaveValue(`kim${suffix}@example.com`);

  // an import that fails keeps the context and the pasted document
  await page.goto(publisherUrl("/apis/import"));
  await page.getByLabel("Context").fill(`/imp${suffix}`);
  await page.getByLabel("…or paste the document").fill("openapi: 3.0.3\ninfo: {title: X}\n");
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("alert").first()).toBeVisible();
  await expect(page.getByLabel("Context")).toHaveValue(`/imp${suffix}`);
  await expect(page.getByLabel("…or paste the document")).toHaveValue("openapi: 3.0.3\ninfo: {title: X}\n");
});
