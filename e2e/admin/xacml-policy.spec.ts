import { expect, test } from "@playwright/test";
import { adminPassword } from "../fixtures/key-manager";
import { signIn } from "../fixtures/sign-in";
import { e2eUrls } from "../fixtures/stack";

const policy = (
  id: string,
) => `<Policy xmlns="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17" PolicyId="${id}" Version="1.0"
  RuleCombiningAlgId="urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:first-applicable">
  <Target/>
  <Rule RuleId="managers-may" Effect="Permit">
    <Condition>
      <Apply FunctionId="urn:oasis:names:tc:xacml:1.0:function:string-is-in">
        <AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">manager</AttributeValue>
        <AttributeDesignator Category="urn:oasis:names:tc:xacml:1.0:subject-category:access-subject"
          AttributeId="urn:oasis:names:tc:xacml:2.0:subject:role" DataType="http://www.w3.org/2001/XMLSchema#string" MustBePresent="false"/>
      </Apply>
    </Condition>
  </Rule>
  <Rule RuleId="everyone-else-not" Effect="Deny"/>
</Policy>`;

test("an admin uploads a XACML policy (a broken one is refused with its line), and tries decisions", async ({
  page,
}) => {
  await signIn(page, e2eUrls.publisher, "admin", adminPassword());
  await page.goto(`${e2eUrls.publisher}/admin/policies/new`);
  const name = `managers-${Date.now().toString(36)}`;
  await page.getByLabel("Name").fill(name);
  await page
    .getByLabel("Policy (XACML 3.0 XML)")
    .fill(policy(name).replace("string-is-in", "no-such-function"));
  await page.getByRole("button", { name: "Check and save" }).click();
  await expect(page.getByTestId("policy-error-location")).toContainText(/line/i);

  await page.getByLabel("Policy (XACML 3.0 XML)").fill(policy(name));
  await page.getByRole("button", { name: "Check and save" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();

  await page.getByLabel("Roles").fill("manager");
  await page.getByRole("button", { name: "Decide" }).click();
  await expect(page.getByTestId("try-it-decision")).toHaveText("Permit");
  await expect(page.getByTestId("try-it-rule")).toContainText("managers-may");

  await page.getByLabel("Roles").fill("developer");
  await page.getByRole("button", { name: "Decide" }).click();
  await expect(page.getByTestId("try-it-decision")).toHaveText("Deny");
  await expect(page.getByTestId("try-it-rule")).toContainText("everyone-else-not");
});
