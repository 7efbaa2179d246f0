// `portico login` with the device flow: the command prints the verification URL and the user
// code and polls the key manager, while a person (Chromium) opens the URL, signs in, compares the
// code and allows. The command then holds tokens for the REST APIs.
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { adminPassword, dataDir } from "../fixtures/key-manager";
import { e2eUrls } from "../fixtures/stack";

const BIN = path.resolve("packages/cli/bin/portico.mjs");

function portico(configDir: string, args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: configDir, PORTICO_CONFIG_DIR: configDir, CI: "1" },
  });
}

async function finished(child: ChildProcessWithoutNullStreams) {
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? -1)));
  return { code, stdout, stderr };
}

test("portico login: the browser approves the device code while the command polls", async ({ page }) => {
  test.setTimeout(120_000);
  const config = mkdtempSync(path.join(tmpdir(), "portico-cli-e2e-"));
  const added = await finished(
    portico(config, [
      "env",
      "add",
      "e2e",
      "--url",
      e2eUrls.publisher,
      "--devportal-url",
      e2eUrls.devportal,
      "--ca",
      path.join(dataDir(), "tls", "ca.pem"),
    ]),
  );
  expect(added.code, added.stderr).toBe(0);

  const login = portico(config, ["login", "--output", "json"]);
  const result = finished(login);
  // the command tells the person where to go and which code to enter
  const prompt = await new Promise<string>((resolve) => {
    let seen = "";
    login.stderr.on("data", (d: Buffer) => {
      seen += d.toString();
      if (/enter the code [A-Z]{4}-[A-Z]{4}/.test(seen)) resolve(seen);
    });
  });
  const userCode = prompt.match(/enter the code ([A-Z]{4}-[A-Z]{4})/)?.[1] as string;
  const verificationUri = prompt.match(/open (https:\/\/\S+\/oauth2\/device)\b/)?.[1] as string;
  expect(verificationUri).toBe(`${e2eUrls.keymanager}/oauth2/device`);

  await page.goto(verificationUri);
  await page.getByLabel("Code").fill(userCode.toLowerCase().replace("-", ""));
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill(adminPassword());
  await page.getByRole("button", { name: "Sign in" }).click();
  // the confirmation shows the same code as the terminal
  await expect(page.locator("[data-user-code]")).toHaveText(userCode);
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page.getByRole("heading", { name: "Device connected" })).toBeVisible();

  const { code, stdout, stderr } = await result;
  expect(code, stderr).toBe(0);
  expect(JSON.parse(stdout)).toMatchObject({
    environment: "e2e",
    scope: expect.stringContaining("portico:admin"),
  });
  expect(statSync(path.join(config, "config.json")).mode & 0o777).toBe(0o600);

  const listed = await finished(portico(config, ["api", "list", "--output", "json"]));
  expect(listed.code, listed.stderr).toBe(0);
  expect(JSON.parse(listed.stdout).map((a: { name: string }) => a.name)).toContain("PizzaShack");
});
