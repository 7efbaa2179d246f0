import { expect, test } from "@playwright/test";
import { adminPassword, createAccount, trustedFetch } from "../fixtures/key-manager";
import { publishedApi, restAs } from "../fixtures/rest";
import { signIn } from "../fixtures/sign-in";
import { e2eUrls } from "../fixtures/stack";

// An admin requires approval for subscriptions to one API; a developer subscribes and waits
// (the gateway refuses the call: subscription_on_hold); the API's owner approves in the inbox
// with a comment; the developer sees it and the call goes through the gateway.
test("subscription approval: required by an admin, pending for the developer, approved by the owner, then callable", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const suffix = `ap${Date.now().toString(36)}`;
  const owner = await publishedApi(suffix);

  // --- the admin requires approval for subscriptions to that API
  const admin = await browser.newPage();
  await signIn(admin, e2eUrls.publisher, "admin", adminPassword());
  await admin.goto(`${e2eUrls.publisher}/admin/approvals`);
  await admin.getByLabel(`Subscriptions to ${owner.name} 1.0.0`).check();
  await admin.getByRole("button", { name: "Save approval settings" }).click();
  await expect(admin.getByText("Saved.")).toBeVisible();

  // --- the developer subscribes and sees it pending
  const devName = `dev${suffix}`;
  const devPassword = await createAccount(devName, ["developer"]);
  const devRest = await restAs(devName, devPassword, "portico:subscribe portico:app_manage");
  const app = await devRest("devportal", "POST", "/applications", { name: `Waiter${suffix}` });
  await devRest("devportal", "POST", `/applications/${app.id}/keys`, {
    keyType: "PRODUCTION",
    grantTypes: ["client_credentials"],
  });
  const developer = await browser.newPage();
  await signIn(developer, e2eUrls.devportal, devName, devPassword);
  await developer.goto(`${e2eUrls.devportal}/apis/${owner.api.id}`);
  await developer.getByLabel("Application").selectOption({ label: `Waiter${suffix}` });
  await developer.getByLabel("Tier").selectOption("Gold");
  await developer.getByRole("button", { name: "Subscribe" }).click();
  // the request is stored before the page moves on (leaving at once could cancel it)
  await expect(developer.getByText("All your applications are subscribed.")).toBeVisible();
  await developer.goto(`${e2eUrls.devportal}/applications/${app.id}`);
  await expect(developer.getByTestId("subscription-state")).toContainText("Pending approval");

  // the gateway refuses the subscription while it waits; the backend never sees the call
  const call = (token: string) =>
    trustedFetch(`${e2eUrls.gateway}/menu${suffix}/1.0.0/menu`, {
      headers: { authorization: `Bearer ${token}` },
    });
  const waiting = await devRest<{ accessToken: string }>(
    "devportal",
    "POST",
    `/applications/${app.id}/tokens`,
    {
      keyType: "PRODUCTION",
      scopes: [],
      validityPeriod: 300,
    },
  );
  await expect
    .poll(async () => (await (await call(waiting.accessToken)).json()).code, { timeout: 10_000 })
    .toBe("subscription_on_hold");

  // --- the API's owner approves in the inbox
  const publisher = await browser.newPage();
  await signIn(publisher, e2eUrls.publisher, owner.username, owner.password);
  await expect(publisher.getByTestId("unread-count")).not.toHaveText("0");
  await publisher.getByRole("link", { name: "Approvals", exact: true }).click();
  const request = publisher.getByTestId("approval-request").filter({ hasText: `Waiter${suffix}` });
  await request.getByRole("textbox").fill("Approved for the pilot");
  await request.getByRole("button", { name: "Approve" }).click();
  // decided, the request leaves the pending list for the decided one, with the comment
  await expect(publisher.getByText("Nothing waits for you.")).toBeVisible();
  await expect(
    publisher.getByRole("row", { name: new RegExp(`Waiter${suffix}.*approved.*Approved for the pilot`) }),
  ).toBeVisible();

  // --- the developer sees the decision and the comment, and the call goes through
  await developer.reload();
  await expect(developer.getByTestId("subscription-state")).toContainText("Active");
  await expect(developer.getByTestId("approval-comment")).toContainText("Approved for the pilot");
  await expect(developer.getByTestId("unread-count")).not.toHaveText("0");
  const approved = await devRest<{ accessToken: string }>(
    "devportal",
    "POST",
    `/applications/${app.id}/tokens`,
    {
      keyType: "PRODUCTION",
      scopes: [owner.scope],
      validityPeriod: 300,
    },
  );
  await expect.poll(async () => (await call(approved.accessToken)).status, { timeout: 10_000 }).toBe(200);
});
