import { portalNextConfig } from "@portico/ui/next-config";

export default portalNextConfig;
