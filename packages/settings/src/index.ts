export { BackendEgressPolicy, type EgressRefusal, plainAddress } from "./backend-egress";
export { AddressList, clientAddress } from "./client-address";
export { loadSettings, type Settings, SettingsError, settingsOrExit } from "./env";
export { dataDir, defaultDatabaseUrl } from "./paths";
export { requestIdOf } from "./request-id";
