import { listCertificates } from "@portico/platform";
import { certificatesAction } from "@/app/applications/[id]/certificates/actions";
import { requireDeveloper } from "@/server/auth";
import { operationContext } from "@/server/operations";
import { CertificatesPanel } from "./certificates-panel";

/** The application page's "Certificates" section: loads the application's certificates itself. */
export async function CertificatesSection({ appId }: { appId: string }) {
  const certificates = await listCertificates(operationContext(await requireDeveloper()), appId);
  return <CertificatesPanel certificates={certificates} action={certificatesAction.bind(null, appId)} />;
}
