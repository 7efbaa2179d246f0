import { SignOutForm } from "@/components/sign-out-form";

export default function Forbidden() {
  return (
    <section className="mx-auto mt-16 max-w-md rounded-xl border border-red-200 bg-white p-8 text-center">
      <h1 className="text-xl font-semibold">Not available to your account</h1>
      <p className="mt-2 text-sm text-slate-600">
        The developer portal is for accounts with the developer role.
      </p>
      <SignOutForm className="mt-6" buttonClassName="text-sm font-medium text-brand-600 hover:underline" />
    </section>
  );
}
