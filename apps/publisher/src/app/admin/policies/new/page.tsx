import { Card, PageHeader } from "@portico/ui";
import { adminContext } from "../_parts/context";
import { PolicyEditor } from "../_parts/policy-editor";
import { createPolicyAction } from "../actions";

export const dynamic = "force-dynamic";

const example = `<Policy xmlns="urn:oasis:names:tc:xacml:3.0:core:schema:wd-17"
    PolicyId="example-admins-only" Version="1.0"
    RuleCombiningAlgId="urn:oasis:names:tc:xacml:3.0:rule-combining-algorithm:deny-unless-permit">
  <Target/>
  <Rule RuleId="admins" Effect="Permit">
    <Target>
      <AnyOf><AllOf>
        <Match MatchId="urn:oasis:names:tc:xacml:1.0:function:string-equal">
          <AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">admin</AttributeValue>
          <AttributeDesignator Category="urn:oasis:names:tc:xacml:1.0:subject-category:access-subject"
              AttributeId="urn:oasis:names:tc:xacml:2.0:subject:role"
              DataType="http://www.w3.org/2001/XMLSchema#string" MustBePresent="false"/>
        </Match>
      </AllOf></AnyOf>
    </Target>
  </Rule>
</Policy>
`;

export default async function NewPolicy() {
  await adminContext();
  return (
    <>
      <PageHeader
        title="Upload a policy"
        description="Paste an XACML 3.0 Policy or PolicySet, or load it from a file."
      />
      <Card>
        <PolicyEditor
          action={createPolicyAction}
          mode="create"
          initialContent={example}
          submitLabel="Check and save"
        />
      </Card>
      <p className="mt-4 text-xs text-slate-500">
        The gateway sends: subject <code>subject-id</code> (user name), <code>role</code>,{" "}
        <code>client-id</code>, <code>application-id</code>, <code>scope</code>, <code>key-type</code>,{" "}
        <code>ip-address</code>; resource <code>resource-id</code> (context/version/template),{" "}
        <code>api-name</code>, <code>api-version</code>, <code>api-context</code>, <code>path</code>,{" "}
        <code>path-template</code>; action <code>action-id</code> (HTTP method); environment{" "}
        <code>current-dateTime</code>. Any namespace works for Portico&apos;s own attributes: the last segment
        of the AttributeId is what counts (e.g. <code>urn:example:subject:client-id</code>).
      </p>
    </>
  );
}
