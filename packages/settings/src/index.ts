export { AddressList, clientAddress } from "./client-address";
export { loadSettings, type Settings, SettingsError, settingsOrExit } from "./env";
export { dataDir, defaultDatabaseUrl } from "./paths";
