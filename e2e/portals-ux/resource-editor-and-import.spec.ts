import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { createAccount } from "../fixtures/key-manager";
import { restAs } from "../fixtures/rest";
import { signIn } from "../fixtures/sign-in";
import { e2eUrls } from "../fixtures/stack";

const PUBLISHER_SCOPES = "portico:api_view portico:api_create portico:api_publish";

/** Serious and critical axe violations of the page as it is now, each with the elements it found. */
async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** An OpenAPI document with summaries and parameters, its operations requiring the given scopes. */
function weatherDocument(title: string, scopes: { read: string; admin: string }) {
  return `openapi: 3.0.3
info: { title: ${title}, version: "1.0.0" }
servers: [{ url: "http://127.0.0.1:8281/pizzashack" }]
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://idp.example/token
          scopes: { "${scopes.read}": Read forecasts, "${scopes.admin}": Manage stations }
  parameters:
    units: { name: units, in: query, description: metric or imperial, schema: { type: string } }
paths:
  /forecast/{city}:
    parameters: [{ name: city, in: path, required: true, description: The city's name, schema: { type: string } }]
    get:
      summary: Forecast for a city
      description: Three days ahead, by the hour.
      security: [{ oauth: ["${scopes.read}"] }]
      parameters: [{ $ref: "#/components/parameters/units" }, { name: days, in: query, schema: { type: integer, format: int32 } }]
      responses: { "200": { description: ok } }
  /stations:
    post:
      summary: Add a station
      security: [{ oauth: ["${scopes.admin}"] }]
      requestBody: { required: true, content: { application/json: { schema: { type: object } } } }
      responses: { "201": { description: created } }
`;
}

type ApiBody = {
  id: string;
  resources: Array<{
    method: string;
    path: string;
    scopes: string[];
    description: string | null;
    throttlingTier: string | null;
    authRequired: boolean;
  }>;
};

test("the resource editor is a labelled table: OpenAPI details per operation, a keyboard-only scope combobox, no serious axe violations", async ({
  page,
}) => {
  const suffix = Date.now().toString(36);
  const username = `res${suffix}`;
  const password = await createAccount(username, ["publisher"]);
  const rest = await restAs(username, password, PUBLISHER_SCOPES);
  const read = `wx${suffix}:read`;
  const admin = `wx${suffix}:admin`;
  const imported = await rest<ApiBody>("publisher", "POST", "/apis/import-openapi", {
    document: weatherDocument(`Weather${suffix}`, { read, admin }),
    context: `/wx${suffix}`,
  });

  await signIn(page, e2eUrls.publisher, username, password);
  await page.goto(`${e2eUrls.publisher}/apis/${imported.id}`);
  const table = page.getByRole("table", { name: "Resources", exact: true });
  for (const header of ["Method", "Path", "Summary", "Scopes", "Throttling tier", "Auth"])
    await expect(table.getByRole("columnheader", { name: header, exact: true })).toBeVisible();

  // one row per operation, every field labelled with its row's METHOD /path
  const forecast = "GET /forecast/{city}";
  const stations = "POST /stations";
  await expect(table.getByLabel(`Path of ${forecast}`)).toHaveValue("/forecast/{city}");
  await expect(table.getByLabel(`Method of ${stations}`)).toHaveValue("POST");
  await expect(table.getByLabel(`Summary of ${forecast}`)).toHaveValue("Forecast for a city");
  await expect(table.getByRole("list", { name: `Chosen: Scopes of ${forecast}` })).toContainText(read);
  await expect(table.getByLabel(`Requires a token: ${forecast}`)).toBeChecked();
  await expect(table.getByLabel(`Throttling tier of ${forecast}`)).toHaveValue("");

  // the OpenAPI operation, read-only, in an expandable row
  const controls = await table
    .getByRole("button", { name: `Details of ${forecast} from the OpenAPI document` })
    .getAttribute("aria-controls");
  const details = table.locator(`button[aria-controls="${controls}"]`);
  const detailsRow = page.locator(`[id="${controls}"]`);
  await expect(details).toHaveAttribute("aria-expanded", "false");
  await expect(detailsRow).toBeHidden();
  await details.click();
  await expect(details).toHaveAttribute("aria-expanded", "true");
  await expect(detailsRow).toBeVisible();
  const parameters = table.getByRole("table", { name: `Parameters of ${forecast}` });
  await expect(parameters).toBeVisible();
  await expect(table.getByText("Three days ahead, by the hour.")).toBeVisible();
  await expect(parameters.getByRole("row", { name: /city path string yes The city's name/ })).toBeVisible();
  await expect(
    parameters.getByRole("row", { name: /units query string no metric or imperial/ }),
  ).toBeVisible();
  await expect(parameters.getByRole("row", { name: /days query integer \(int32\) no/ })).toBeVisible();
  await table.getByRole("button", { name: `Details of ${stations} from the OpenAPI document` }).click();
  await expect(table.getByText("Request body (required): application/json")).toBeVisible();

  // keyboard only: the scopes of POST /stations
  const combobox = table.getByRole("combobox", { name: `Scopes of ${stations}` });
  const chosen = table.getByRole("list", { name: `Chosen: Scopes of ${stations}` });
  await table.getByLabel(`Summary of ${stations}`).focus();
  await page.keyboard.press("Tab");
  await expect(
    page.getByRole("button", { name: `Remove ${admin} from Scopes of ${stations}` }),
  ).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(combobox).toBeFocused();
  await expect(combobox).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("ArrowDown");
  await expect(combobox).toHaveAttribute("aria-expanded", "true");
  const listbox = page.getByRole("listbox", { name: `Scopes of ${stations}` });
  await expect(listbox.getByRole("option", { name: admin })).toHaveAttribute("aria-selected", "true");
  await expect(listbox.getByRole("option", { name: read })).toHaveAttribute("aria-selected", "false");
  // axe with an operation expanded and the listbox open
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.type(`${suffix}:read`);
  await expect(listbox.getByRole("option")).toHaveCount(1);
  const active = await combobox.getAttribute("aria-activedescendant");
  expect(await page.locator(`[id="${active}"]`).textContent()).toContain(read);
  await page.keyboard.press("Enter");
  await expect(chosen.getByRole("listitem")).toHaveText([new RegExp(admin), new RegExp(read)]);
  await expect(combobox).toHaveValue("");
  // Enter chose the scope and did not submit the form
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toHaveCount(0);
  // Backspace in the empty box removes the last chip; Enter on the active option adds it back
  await page.keyboard.press("Backspace");
  await expect(chosen.getByRole("listitem")).toHaveText([new RegExp(admin)]);
  await page.keyboard.type(`${suffix}:read`);
  await page.keyboard.press("Enter");
  await page.keyboard.press("Escape");
  await expect(combobox).toHaveAttribute("aria-expanded", "false");
  // Shift+Tab reaches the chips' remove buttons; removing one returns the focus to the box
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Shift+Tab");
  await expect(
    page.getByRole("button", { name: `Remove ${admin} from Scopes of ${stations}` }),
  ).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(combobox).toBeFocused();
  await expect(chosen.getByRole("listitem")).toHaveText([new RegExp(read)]);

  // the other columns save what they show; everything else stays as it was
  await table.getByLabel(`Throttling tier of ${stations}`).selectOption("Unlimited");
  await table.getByLabel(`Summary of ${stations}`).fill("Add a weather station");
  await table.getByLabel(`Requires a token: ${forecast}`).uncheck();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  const saved = await rest<ApiBody>("publisher", "GET", `/apis/${imported.id}`);
  const byName = Object.fromEntries(saved.resources.map((r) => [`${r.method} ${r.path}`, r]));
  expect(byName[stations]).toMatchObject({
    scopes: [read],
    throttlingTier: "Unlimited",
    description: "Add a weather station",
    authRequired: true,
  });
  expect(byName[forecast]).toMatchObject({
    scopes: [read],
    throttlingTier: null,
    description: "Forecast for a city",
    authRequired: false,
  });
});

test("an import naming scopes in use offers reuse of a shared scope and renaming, keeping what was typed", async ({
  page,
}) => {
  const suffix = Date.now().toString(36);
  // another publisher's shared scope (reusable) and private API scope (never reusable)
  const bobName = `bob${suffix}`;
  const bobPassword = await createAccount(bobName, ["publisher"]);
  const bob = await restAs(bobName, bobPassword, PUBLISHER_SCOPES);
  const read = `inv${suffix}:read`;
  const admin = `inv${suffix}:admin`;
  await bob("publisher", "POST", "/scopes", { name: read, roles: ["developer"] });
  const bobsApi = await bob<ApiBody>("publisher", "POST", "/apis", {
    name: `Bobs${suffix}`,
    version: "1.0.0",
    context: `/bobs${suffix}`,
    endpoints: { production: "http://127.0.0.1:8281/pizzashack" },
    scopes: [{ name: admin, roles: ["developer"] }],
    resources: [{ method: "POST", path: "/stations", scopes: [admin] }],
  });

  const username = `imp${suffix}`;
  await signIn(page, e2eUrls.publisher, username, await createAccount(username, ["publisher"]));
  await page.goto(`${e2eUrls.publisher}/apis/import`);
  const context = `/station${suffix}`;
  const document = weatherDocument(`Stations${suffix}`, { read, admin });
  await page.getByLabel("Context").fill(context);
  await page.getByLabel("Production endpoint").fill("http://127.0.0.1:8281/pizzashack");
  await page.getByLabel("…or paste the document").fill(document);
  await page.getByRole("button", { name: "Import" }).click();

  // both names are listed; what was typed stays
  const conflicts = page.getByRole("group", { name: "Scope names already in use" });
  await expect(conflicts).toBeVisible();
  await expect(page.getByLabel("Context")).toHaveValue(context);
  await expect(page.getByLabel("…or paste the document")).toHaveValue(document);
  await expect(page.getByLabel("Production endpoint")).toHaveValue("http://127.0.0.1:8281/pizzashack");
  const shared = conflicts.getByRole("group", { name: read });
  const privateScope = conflicts.getByRole("group", { name: admin });
  await expect(shared.getByLabel(`Reuse the existing scope ${read}`)).toBeChecked();
  await expect(shared).toContainText("A shared scope of this name exists.");
  await expect(privateScope.getByLabel(/^Reuse/)).toHaveCount(0);
  await expect(privateScope).toContainText("Another API uses this name.");
  await expect(privateScope.getByLabel("Rename it on import")).toBeChecked();
  const newName = privateScope.getByLabel(`New name for ${admin}`);
  await expect(newName).toHaveValue(`station${suffix}.${admin}`);
  expect(await seriousViolations(page)).toEqual([]);

  // a new name that is taken too, then one that is not a scope name: each refused at its field
  await newName.fill(read);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(privateScope.getByRole("alert")).toHaveText(`${read} is taken too`);
  await newName.fill("not a scope");
  await page.getByRole("button", { name: "Import" }).click();
  await expect(privateScope.getByRole("alert")).toHaveText("letters, digits and : _ . -");
  await expect(shared.getByLabel(`Reuse the existing scope ${read}`)).toBeChecked();
  await newName.fill(`stations${suffix}:admin`);
  await page.getByRole("button", { name: "Import" }).click();

  await expect(page.getByRole("heading", { name: `Stations${suffix} 1.0.0` })).toBeVisible();
  const table = page.getByRole("table", { name: "Resources", exact: true });
  await expect(table.getByRole("list", { name: "Chosen: Scopes of GET /forecast/{city}" })).toContainText(
    read,
  );
  await expect(table.getByRole("list", { name: "Chosen: Scopes of POST /stations" })).toContainText(
    `stations${suffix}:admin`,
  );
  // the reused scope is shared, not declared by the new API; the renamed one is the API's own
  await expect(page.getByRole("group", { name: "Scope 1" }).getByLabel("Scope name")).toHaveValue(
    `stations${suffix}:admin`,
  );
  await expect(page.getByRole("group", { name: "Scope 2" })).toHaveCount(0);
  // bob's API keeps its scope
  const bobsNow = await bob<ApiBody & { scopes: Array<{ name: string }> }>(
    "publisher",
    "GET",
    `/apis/${bobsApi.id}`,
  );
  expect(bobsNow.scopes.map((s) => s.name)).toEqual([admin]);
  expect(bobsNow.resources[0]?.scopes).toEqual([admin]);
});
