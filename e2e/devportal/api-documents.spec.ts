import { expect, test } from "@playwright/test";
import { createAccount, passwordToken } from "../fixtures/key-manager";
import { signIn } from "../fixtures/sign-in";
import { e2eUrls } from "../fixtures/stack";

test("a developer reads a published API's guide, rendered from markdown without the HTML inside it", async ({
  page,
}) => {
  const suffix = Date.now().toString(36);
  // The publisher's side through its REST API: an API, a markdown guide, a linked forum, published.
  const publisher = `doc${suffix}`;
  const { access_token } = await passwordToken(
    publisher,
    await createAccount(publisher, ["publisher"]),
    "portico:api_view portico:api_create portico:api_publish",
  );
  const rest = async (path: string, body: unknown) => {
    const res = await fetch(`${e2eUrls.publisher}/api/publisher/v1${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return (await res.json()) as { id: string };
  };
  const api = await rest("/apis", {
    name: `Recipes${suffix}`,
    version: "1.0.0",
    context: `/recipes${suffix}`,
    endpoints: { production: "http://127.0.0.1:8281/pizzashack" },
    resources: [{ method: "GET", path: "/menu", authRequired: false }],
  });
  await rest(`/apis/${api.id}/documents`, {
    name: "Getting started",
    type: "HOWTO",
    content:
      '# Your first call\n\n1. Subscribe\n2. Call `GET /menu`\n\n<img src="x" onerror="window.pwned=1">',
  });
  await rest(`/apis/${api.id}/documents`, {
    name: "Community",
    type: "PUBLIC_FORUM",
    sourceUrl: "https://forum.example/recipes",
  });
  await rest(`/apis/${api.id}/lifecycle`, { action: "publish" });

  // The developer's side in the browser.
  const developer = `reader${suffix}`;
  await signIn(page, e2eUrls.devportal, developer, await createAccount(developer, ["developer"]));
  await page.goto(`${e2eUrls.devportal}/apis/${api.id}`);
  const documents = page.getByRole("list", { name: "Documents" });
  await expect(documents.getByRole("link", { name: "Community ↗" })).toHaveAttribute(
    "href",
    "https://forum.example/recipes",
  );
  await documents.getByRole("link", { name: "Getting started" }).click();
  const content = page.getByTestId("document-content");
  await expect(content.getByRole("heading", { name: "Your first call" })).toBeVisible();
  await expect(content.getByRole("listitem")).toHaveCount(2);
  await expect(content.locator("code")).toHaveText("GET /menu");
  // the raw HTML in the markdown is not turned into elements
  await expect(content.locator("img")).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
});
