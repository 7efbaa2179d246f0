import { SignInButton } from "@/components/sign-in-button";

export default function SignIn() {
  return (
    <section className="mx-auto mt-16 max-w-md rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
      <h1 className="text-xl font-semibold">Sign in to the developer portal</h1>
      <p className="mt-2 text-sm text-slate-600">
        You will sign in at Portico's key manager and come back here.
      </p>
      <div className="mt-6">
        <SignInButton />
      </div>
    </section>
  );
}
