// A spinner on stderr while a long operation runs, only for a person at a terminal: scripts and
// CI logs (no TTY, or CI set) get nothing, and stdout stays the command's result alone.
import yoctoSpinner from "yocto-spinner";
import { interactiveStderr } from "./env";

export interface Progress {
  run<T>(text: string, work: () => Promise<T>): Promise<T>;
  update(text: string): void;
}

export function createProgress(enabled = interactiveStderr()): Progress {
  let spinner: ReturnType<typeof yoctoSpinner> | undefined;
  return {
    async run(text, work) {
      if (!enabled) return work();
      spinner = yoctoSpinner({ text, stream: process.stderr }).start();
      try {
        const result = await work();
        spinner.success(text);
        return result;
      } catch (error) {
        spinner.error(text);
        throw error;
      } finally {
        spinner = undefined;
      }
    },
    update(text) {
      if (spinner) spinner.text = text;
    },
  };
}
