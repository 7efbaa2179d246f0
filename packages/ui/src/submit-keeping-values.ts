import { type FormEvent, startTransition } from "react";

/**
 * An onSubmit handler that dispatches a form action without React's automatic form reset, so a
 * refused form keeps what the user typed next to the error messages.
 */
export function submitKeepingValues(dispatch: (data: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(event.currentTarget, submitter);
    startTransition(() => dispatch(data));
  };
}
