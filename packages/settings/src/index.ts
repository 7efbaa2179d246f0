export { loadSettings, settingsOrExit, SettingsError, type Settings } from "./env";
export { dataDir, defaultDatabaseUrl } from "./paths";
