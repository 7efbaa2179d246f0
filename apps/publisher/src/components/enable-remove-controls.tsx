import { Button } from "@portico/ui";
import { ActionForm, type ActionState } from "@portico/ui/action-form";
import type { ReactNode } from "react";

/**
 * The Enable/Disable and Remove buttons of an admin list row (identity providers, key managers),
 * posting `id` and `op` (`enable`, `disable` or `delete`) to one action. Removing asks first.
 */
export function EnableRemoveControls({
  action,
  id,
  name,
  enabled,
  removeLabel,
  consequence,
}: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  id: string;
  /** what the row is called, for the buttons' accessible names and the confirmation */
  name: string;
  enabled: boolean;
  /** the removing button's label: "Delete", "Remove" */
  removeLabel: string;
  /** what removing it does, in a sentence */
  consequence: ReactNode;
}) {
  return (
    <div className="flex gap-2">
      <ActionForm action={action}>
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="op" value={enabled ? "disable" : "enable"} />
        <Button type="submit" tone="secondary" aria-label={`${enabled ? "Disable" : "Enable"} ${name}`}>
          {enabled ? "Disable" : "Enable"}
        </Button>
      </ActionForm>
      <ActionForm
        action={action}
        confirm={{ title: `${removeLabel} ${name}?`, consequence, confirmLabel: `${removeLabel} ${name}` }}
      >
        <input type="hidden" name="id" value={id} />
        <input type="hidden" name="op" value="delete" />
        <Button type="submit" tone="ghost" aria-label={`${removeLabel} ${name}`} className="text-red-700">
          {removeLabel}
        </Button>
      </ActionForm>
    </div>
  );
}
