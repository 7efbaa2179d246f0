export { type SampleBackend, startSampleBackend } from "./server";
