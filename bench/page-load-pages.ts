import { adminPassword, trustedFetch } from "../e2e/fixtures/key-manager";
import { publishedApi, restAs, subscribedDeveloper } from "../e2e/fixtures/rest";
import { e2eUrls } from "../e2e/fixtures/stack";

/** One main page of a portal, as a signed-in person of `as` opens it. */
export interface MeasuredPage {
  name: string;
  as: "developer" | "admin";
  url: string;
}

const policyXml = (
  id: string,
) => `<Policy xmlns="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17" PolicyId="${id}" Version="1.0"
  RuleCombiningAlgId="urn:oasis:names:tc:xacml:1.0:rule-combining-algorithm:first-applicable">
  <Target/>
  <Rule RuleId="everyone" Effect="Permit"/>
</Policy>`;

/** Data for every page (an API, a subscribed application with a token, a policy), and the pages. */
export async function preparePages() {
  const suffix = Date.now().toString(36);
  const { api } = await publishedApi(suffix);
  const dev = await subscribedDeveloper(suffix, api.id);
  await dev.rest("devportal", "POST", `/applications/${dev.app.id}/tokens`, {
    keyType: "PRODUCTION",
    scopes: [],
    validityPeriod: 3600,
  });
  const admin = await restAs("admin", adminPassword(), "portico:admin");
  const policy = await admin("admin", "POST", "/policies", {
    name: `bench-${suffix}`,
    content: policyXml(`bench-${suffix}`),
  });
  // some traffic for the usage pages
  for (let i = 0; i < 5; i++)
    await trustedFetch(`${e2eUrls.gateway}/menu${suffix}/1.0.0/menu`).catch(() => null);
  const pages: MeasuredPage[] = [
    { name: "devportal-catalog", as: "developer", url: `${e2eUrls.devportal}/` },
    { name: "devportal-api", as: "developer", url: `${e2eUrls.devportal}/apis/${api.id}` },
    { name: "devportal-applications", as: "developer", url: `${e2eUrls.devportal}/applications` },
    {
      name: "devportal-application",
      as: "developer",
      url: `${e2eUrls.devportal}/applications/${dev.app.id}`,
    },
    { name: "devportal-usage", as: "developer", url: `${e2eUrls.devportal}/usage` },
    { name: "publisher-apis", as: "admin", url: `${e2eUrls.publisher}/` },
    { name: "publisher-api", as: "admin", url: `${e2eUrls.publisher}/apis/${api.id}` },
    { name: "publisher-create-api", as: "admin", url: `${e2eUrls.publisher}/apis/new` },
    { name: "admin-grant-types", as: "admin", url: `${e2eUrls.publisher}/admin` },
    { name: "admin-tiers", as: "admin", url: `${e2eUrls.publisher}/admin/tiers` },
    { name: "admin-xacml-policy", as: "admin", url: `${e2eUrls.publisher}/admin/policies/${policy.id}` },
    { name: "admin-audit-log", as: "admin", url: `${e2eUrls.publisher}/admin/audit` },
  ];
  return { pages, developer: { username: dev.username, password: dev.password } };
}
